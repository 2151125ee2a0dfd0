import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DETECTOR_METRICS } from "../../../contracts/policy-monitor";
import { VIOLATION_DETAIL_TYPE, VIOLATION_SOURCE, ruleIdsOf } from "../../../contracts/violation";
import { withRetries } from "../../shared/retry";
import type { DetectorMetricsSink } from "./metrics";
import {
  PublishError,
  publishRetryPolicy,
  resourcesOf,
  type RetryOptions,
  type ViolationPublisher,
} from "./publish";

/**
 * Direct mode (USE_EVENTBRIDGE=false): each violation goes to the SNS topic and the SQS queue as
 * the same envelope EventBridge would deliver (`source`, `detail-type`, `detail`), so consumers read
 * both modes alike. Counts `SNSAlertsPublished` per message the topic accepted.
 */
export function directPublisher(
  targets: { sns?: SNSClient; topicArn?: string; sqs?: SQSClient; queueUrl?: string },
  metrics: DetectorMetricsSink,
  options: RetryOptions = {},
): ViolationPublisher {
  const policy = publishRetryPolicy(options);
  const { sns, topicArn, sqs, queueUrl } = targets;
  const withRetry = async (what: string, send: () => Promise<unknown>) => {
    try {
      await withRetries(policy, send);
    } catch (error) {
      throw new PublishError(
        `${what} failed after ${policy.maxAttempts} attempts: ${(error as Error).message}`,
      );
    }
  };
  return {
    async publish(violations) {
      let alertsPublished = 0;
      try {
        for (const violation of violations) {
          const message = JSON.stringify({
            source: VIOLATION_SOURCE,
            "detail-type": VIOLATION_DETAIL_TYPE,
            account: violation.accountId,
            time: violation.detectedAt,
            resources: resourcesOf(violation),
            detail: violation,
          });
          if (sns && topicArn) {
            await withRetry(`SNS Publish to ${topicArn}`, () =>
              sns.send(
                new PublishCommand({
                  TopicArn: topicArn,
                  Subject: `[${violation.severity}] ${violation.title}`.slice(0, 100),
                  Message: message,
                  MessageAttributes: {
                    severity: { DataType: "String", StringValue: violation.severity },
                    ruleIds: {
                      DataType: "String.Array",
                      StringValue: JSON.stringify(ruleIdsOf(violation)),
                    },
                  },
                }),
              ),
            );
            alertsPublished++;
          }
          if (sqs && queueUrl) {
            await withRetry(`SQS SendMessage to ${queueUrl}`, () =>
              sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message })),
            );
          }
        }
      } finally {
        if (sns && topicArn) {
          metrics.addMetric(DETECTOR_METRICS.snsAlertsPublished, "Count", alertsPublished);
        }
      }
    },
  };
}
