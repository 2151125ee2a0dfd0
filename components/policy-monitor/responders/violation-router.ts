import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  VIOLATION_DETAIL_TYPE,
  VIOLATION_SCHEMA_MAJOR,
  VIOLATION_SOURCE,
} from "../../../contracts/violation";
import type { ResponderContext } from "./context";

/** Routes violations from the bus to responders, remembering every rule it creates. */
export interface ViolationRouter {
  /**
   * A rule `${name}-${role}-rule` on violations of the schema's major version
   * (`VIOLATION_SCHEMA_MAJOR`), narrowed by `detail`, and its target.
   */
  route(
    role: string,
    targetArn: pulumi.Input<string>,
    detail?: Record<string, unknown>,
  ): aws.cloudwatch.EventRule;
  /** The rules created so far, in order: the dead-letter queue accepts events from each. */
  readonly rules: aws.cloudwatch.EventRule[];
}

export function violationRouter(
  name: string,
  violationBusName: pulumi.Input<string>,
  deadLetterQueueArn: pulumi.Input<string>,
  ctx: ResponderContext,
): ViolationRouter {
  const rules: aws.cloudwatch.EventRule[] = [];
  const route = (role: string, targetArn: pulumi.Input<string>, detail = {}) => {
    const rule = new aws.cloudwatch.EventRule(
      `${name}-${role}-rule`,
      {
        eventBusName: violationBusName,
        description: `Violations to the ${role} responder`,
        eventPattern: JSON.stringify({
          source: [VIOLATION_SOURCE],
          "detail-type": [VIOLATION_DETAIL_TYPE],
          detail: { schemaVersion: [{ prefix: VIOLATION_SCHEMA_MAJOR }], ...detail },
        }),
        tags: ctx.tags,
      },
      ctx.opts,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-${role}-target`,
      {
        rule: rule.name,
        eventBusName: violationBusName,
        arn: targetArn,
        deadLetterConfig: { arn: deadLetterQueueArn },
        retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
      },
      ctx.opts,
    );
    rules.push(rule);
    return rule;
  };
  return { route, rules };
}
