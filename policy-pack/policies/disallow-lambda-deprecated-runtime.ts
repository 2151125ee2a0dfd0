import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Lambda runtimes that AWS still supports (not deprecated), as of 2026-09 from
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html. Review when AWS announces a
 * deprecation; the list can be overridden with the `supportedRuntimes` config.
 */
export const SUPPORTED_RUNTIMES = [
  "nodejs22.x",
  "nodejs24.x",
  "python3.10",
  "python3.11",
  "python3.12",
  "python3.13",
  "python3.14",
  "java17",
  "java21",
  "dotnet8",
  "provided.al2023",
  "provided.al2",
  "ruby3.3",
  "ruby3.4",
];

/**
 * Risk: a deprecated runtime gets no security patches, and AWS later blocks creating and then
 * updating functions on it.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const disallowLambdaDeprecatedRuntime = resourcePolicy({
  name: "disallow-lambda-deprecated-runtime",
  description: "Lambda functions use a supported (not deprecated) runtime.",
  remediationSteps: "Move the function to a supported runtime, e.g. nodejs24.x.",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["Serverless-LambdaLatestVersion"] },
  config: {
    supportedRuntimes: {
      type: "array",
      items: { type: "string" },
      default: SUPPORTED_RUNTIMES,
      description: "The runtimes a function may use.",
    },
  },
  types: ["aws:lambda/function:Function"],
  check: ({ props, config, report, unknown }) => {
    const runtime = props.runtime;
    if (isUnknown(runtime)) return unknown("runtime");
    if (runtime === undefined) return; // container image: the image brings its own runtime
    if (!(config.supportedRuntimes as string[]).includes(String(runtime))) {
      report(`runtime "${String(runtime)}" is deprecated or not supported`);
    }
  },
});
