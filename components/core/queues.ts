import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./policy";

/** How long a dead letter is kept: SQS's maximum, 14 days, time enough to look at it and redrive. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * An encrypted (SSE-SQS) queue that keeps failed events for 14 days: the dead-letter queue of
 * EventBridge targets and of asynchronous Lambda invocations. Its logical name is `${name}-dlq`.
 */
export function createDeadLetterQueue(
  name: string,
  tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
  opts: pulumi.CustomResourceOptions,
): aws.sqs.Queue {
  return new aws.sqs.Queue(
    `${name}-dlq`,
    { sqsManagedSseEnabled: true, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, tags },
    opts,
  );
}

/**
 * The queue policy that lets EventBridge send to `queue` on behalf of the given rules only (the
 * confused-deputy guard: `aws:SourceArn`). Lambda needs no grant here: it sends a function's dead
 * letters with the function's own role.
 */
export function allowEventBridgeToSend(
  policyName: string,
  queue: aws.sqs.Queue,
  ruleArns: pulumi.Input<string>[],
  sid: string,
  opts: pulumi.CustomResourceOptions,
): aws.sqs.QueuePolicy {
  return new aws.sqs.QueuePolicy(
    policyName,
    {
      queueUrl: queue.url,
      policy: policyDocument([
        {
          Sid: sid,
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: {
            ArnEquals: { "aws:SourceArn": ruleArns.length === 1 ? ruleArns[0] : ruleArns },
          },
        },
      ]),
    },
    opts,
  );
}
