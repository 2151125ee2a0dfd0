import { z } from "zod";
import { formatIssues } from "../../contracts/zod-issues";
import { InvalidEventError } from "../shared/errors";
import { describeEventKind, manualRunOf, type ManualRun } from "../shared/manual-run";
import { clip, quote } from "../shared/quote";

/** What one invocation asks for: one function from a CloudTrail event, or a sweep. */
export type WatchRequest =
  | { readonly kind: "deployment"; readonly functionName: string }
  | { readonly kind: "published-version"; readonly functionName: string; readonly version: string }
  | {
      readonly kind: "sweep";
      readonly functions?: readonly string[];
      /** Set when a person ran the function by hand. */
      readonly manualRun?: ManualRun | "functions event";
    };

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The bare function name from any form Lambda accepts: `name`, `name:qualifier`,
 * `123456789012:function:name[:qualifier]` or `arn:aws:lambda:region:account:function:name[:qualifier]`.
 */
export function functionNameFromIdentifier(identifier: string): string {
  const parts = identifier.trim().split(":");
  let name: string | undefined;
  if (parts[0] === "arn") name = parts[5] === "function" ? parts[6] : undefined;
  else if (parts[1] === "function") name = parts[2];
  else name = parts[0];
  if (!name || !FUNCTION_NAME.test(name)) {
    throw new InvalidEventError(`${quote(identifier)} is not a Lambda function name or ARN`);
  }
  return name;
}

const cloudTrailEventSchema = z.object({
  source: z.literal("aws.lambda"),
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  detail: z.object({
    eventSource: z.literal("lambda.amazonaws.com"),
    eventName: z.string(),
    errorCode: z.string().optional(),
    requestParameters: z.object({ functionName: z.string().optional() }).nullish(),
    responseElements: z
      .object({ functionName: z.string().optional(), version: z.string().optional() })
      .nullish(),
  }),
});

const manualEventSchema = z.strictObject({
  functions: z.array(z.string().min(1)).min(1).optional(),
});

function describeIssues(error: z.ZodError): string {
  return clip(formatIssues(error, { style: "dots", whole: "(event)" }).join("; "));
}

/**
 * Reads an EventBridge CloudTrail event of Lambda, a scheduled event, or a manual run: `{}`, the
 * console's test event, or `{ "functions": [...] }`. Events of other sources are refused by kind.
 */
export function parseWatchEvent(event: unknown): WatchRequest {
  const manualRun = manualRunOf(event ?? {});
  if (manualRun) return { kind: "sweep", manualRun };
  if (event && typeof event === "object" && "detail-type" in event) {
    const fields = event as Record<string, unknown>;
    if (fields["detail-type"] === "Scheduled Event") return { kind: "sweep" };
    if (fields.source !== "aws.lambda") {
      throw new InvalidEventError(
        `CodeWatcher does not take ${describeEventKind(fields)}: it runs on a Lambda CloudTrail event, a Scheduled Event or a manual run ({} or { "functions": [...] })`,
      );
    }
    const parsed = cloudTrailEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new InvalidEventError(`not a Lambda CloudTrail event: ${describeIssues(parsed.error)}`);
    }
    const { eventName, errorCode, requestParameters, responseElements } = parsed.data.detail;
    if (errorCode) throw new InvalidEventError(`${clip(eventName)} failed with ${clip(errorCode)}`);
    const identifier = responseElements?.functionName ?? requestParameters?.functionName;
    if (!identifier) throw new InvalidEventError(`${clip(eventName)} event names no function`);
    const functionName = functionNameFromIdentifier(identifier);
    if (eventName.startsWith("PublishVersion")) {
      const version = responseElements?.version;
      if (!version || !/^[0-9]+$/.test(version)) {
        throw new InvalidEventError(
          `${clip(eventName)} event for ${functionName} has no version number`,
        );
      }
      return { kind: "published-version", functionName, version };
    }
    if (eventName.startsWith("UpdateFunctionCode")) return { kind: "deployment", functionName };
    throw new InvalidEventError(`${clip(eventName)} is not a code deployment`);
  }
  const parsed = manualEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      `not a manual request ({} or { "functions": [...] }): ${describeIssues(parsed.error)}`,
    );
  }
  const functions = parsed.data.functions?.map(functionNameFromIdentifier);
  return { kind: "sweep", ...(functions ? { functions } : {}), manualRun: "functions event" };
}
