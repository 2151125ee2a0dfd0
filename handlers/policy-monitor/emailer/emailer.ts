import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { Logger } from "@aws-lambda-powertools/logger";
import { violationEmailSubject, violationEmailText } from "./email-text";
import { RESPONDER_METRICS } from "../../../contracts/policy-monitor";
import { ruleIdsOf } from "../../../contracts/violation";
import type { MetricsSink } from "../shared/metrics";
import { parseViolationEvent } from "../shared/violation-event";

export interface EmailerDeps {
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly metrics: MetricsSink;
  readonly logger: Pick<Logger, "info">;
}

/** Publishes the readable email of one violation event (all its rules) to the encrypted topic. */
export async function emailViolation(
  event: unknown,
  deps: EmailerDeps,
): Promise<{ messageId: string }> {
  const violation = parseViolationEvent(event);
  const published = await deps.sns.send(
    new PublishCommand({
      TopicArn: deps.topicArn,
      Subject: violationEmailSubject(violation),
      Message: violationEmailText(violation),
      MessageAttributes: {
        severity: { DataType: "String", StringValue: violation.severity },
        // A subscription filter policy on `ruleIds` matches when any of the rules is listed.
        ruleIds: { DataType: "String.Array", StringValue: JSON.stringify(ruleIdsOf(violation)) },
      },
    }),
  );
  deps.metrics.addMetric(RESPONDER_METRICS.snsAlertsPublished, "Count", 1);
  deps.logger.info("violation email published", {
    violationId: violation.violationId,
    messageId: published.MessageId,
  });
  return { messageId: published.MessageId ?? "" };
}
