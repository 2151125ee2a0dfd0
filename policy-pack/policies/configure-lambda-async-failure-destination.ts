import { stackPolicy, type StackResource } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const FUNCTION = "aws:lambda/function:Function";
const INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig";

interface Invoker {
  readonly resource: StackResource;
  readonly property: string;
  readonly target: unknown;
}

/** The resources that invoke a function asynchronously, with the ARN property naming it. */
function invokers(resources: readonly StackResource[]): Invoker[] {
  const found: Invoker[] = [];
  for (const resource of resources) {
    if (resource.type === "aws:cloudwatch/eventTarget:EventTarget") {
      found.push({ resource, property: "arn", target: resource.props.arn });
    } else if (
      resource.type === "aws:sns/topicSubscription:TopicSubscription" &&
      resource.props.protocol === "lambda"
    ) {
      found.push({ resource, property: "endpoint", target: resource.props.endpoint });
    } else if (resource.type === "aws:s3/bucketNotification:BucketNotification") {
      const functions = resource.props.lambdaFunctions;
      if (isUnknown(functions))
        found.push({ resource, property: "lambdaFunctions", target: functions });
      else {
        ((functions as { lambdaFunctionArn?: unknown }[] | undefined) ?? []).forEach(
          (entry, index) =>
            found.push({
              resource,
              property: `lambdaFunctions[${index}].lambdaFunctionArn`,
              target: entry.lambdaFunctionArn,
            }),
        );
      }
    }
  }
  return found;
}

/** True when `target` (an ARN, possibly qualified with a version or alias) names `fn`. */
const names = (fn: StackResource, target: string) =>
  typeof fn.props.arn === "string" &&
  (target === fn.props.arn || target.startsWith(`${fn.props.arn}:`));

/**
 * Risk: an asynchronous invocation that fails every retry is dropped silently; a dead-letter queue
 * or on-failure destination keeps the event to inspect and replay. A function is asynchronously
 * invoked when an EventBridge target, an S3 notification or an SNS subscription points at it.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export const configureLambdaAsyncFailureDestination = stackPolicy({
  name: "configure-lambda-async-failure-destination",
  description:
    "Asynchronously invoked Lambda functions have a dead-letter queue or an on-failure destination.",
  remediationSteps:
    "Pass deadLetterQueueArn or onFailureDestinationArn to LambdaFunction (deadLetterConfig, or a FunctionEventInvokeConfig destinationConfig.onFailure).",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { cdkNag: ["Serverless-LambdaAsyncFailureDestination"] },
  types: [FUNCTION],
  check: ({ resources, report, unknown }) => {
    const functions = resources.filter((resource) => resource.type === FUNCTION);
    const invoked = new Map<string, StackResource>();
    for (const invoker of invokers(resources)) {
      const target = invoker.target;
      let fn: StackResource | undefined;
      if (typeof target === "string" && !isUnknown(target))
        fn = functions.find((f) => names(f, target));
      else {
        const deps = invoker.resource.propertyDependencies[invoker.property.split(/[[.]/)[0]] ?? [];
        fn = functions.find((f) => deps.includes(f.urn));
        if (!fn) unknown(invoker.resource.urn, `${invoker.property} of "${invoker.resource.name}"`);
      }
      if (fn) invoked.set(fn.urn, invoker.resource);
    }
    const configs = resources.filter((resource) => resource.type === INVOKE_CONFIG);
    for (const fn of functions) {
      const invoker = invoked.get(fn.urn);
      if (!invoker) continue;
      const dlq = (fn.props.deadLetterConfig as { targetArn?: unknown } | undefined)?.targetArn;
      if (dlq) continue;
      const destination = configs.some((config) => {
        const name = config.props.functionName;
        const onFailure = (
          config.props.destinationConfig as { onFailure?: { destination?: unknown } } | undefined
        )?.onFailure?.destination;
        const forFn =
          name === fn.props.name ||
          name === fn.props.arn ||
          (isUnknown(name) && (config.propertyDependencies.functionName ?? []).includes(fn.urn));
        return forFn && Boolean(onFailure);
      });
      if (!destination) {
        report(
          fn.urn,
          `function "${fn.name}" is invoked asynchronously by "${invoker.name}" but has no deadLetterConfig and no on-failure destination`,
        );
      }
    }
  },
});
