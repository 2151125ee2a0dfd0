import type * as pulumi from "@pulumi/pulumi";
import { METRICS_NAMESPACE_ENV } from "../../../contracts/policy-monitor";
import { LambdaFunction } from "../../core/lambda-function";
import type { PolicyStatement } from "../../core/policy";
import type { ResponderContext } from "./context";

/** Creates the responder `${name}-${role}` from its handler entry, grants and environment. */
export type ResponderFunctionFactory = (
  role: string,
  entry: string,
  policyStatements: PolicyStatement[],
  environment: Record<string, pulumi.Input<string>>,
  /** False for a function that only an SQS event source invokes (synchronously): no DLQ. */
  invokedAsynchronously?: boolean,
) => LambdaFunction;

/** A factory of responder functions that share a metrics namespace and a dead-letter queue. */
export function responderFunctionFactory(
  name: string,
  metricsNamespace: string,
  deadLetterQueueArn: pulumi.Input<string>,
  ctx: ResponderContext,
): ResponderFunctionFactory {
  return (role, entry, policyStatements, environment, invokedAsynchronously = true) =>
    new LambdaFunction(
      `${name}-${role}`,
      {
        entry,
        policyStatements,
        environment: { [METRICS_NAMESPACE_ENV]: metricsNamespace, ...environment },
        deadLetterQueueArn: invokedAsynchronously ? deadLetterQueueArn : undefined,
        description: `IAM policy monitor: ${role}`,
        tags: ctx.tags,
      },
      ctx.opts,
    );
}
