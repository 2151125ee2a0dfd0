import {
  CreateEventBusCommand,
  type EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { VIOLATION_SOURCE } from "../../contracts/violation";
import type { DetectorMetric } from "../../contracts/policy-monitor";
import type { DetectorMetricsSink } from "../../handlers/policy-monitor/detector/metrics";

/** One metric as the fake sink saw it: `dimensions` are the extra ones of a single metric. */
export interface RecordedMetric {
  readonly name: DetectorMetric;
  readonly value: number;
  readonly dimensions?: Record<string, string>;
}

/** A `DetectorMetricsSink` that records every call in order, for exact assertions. */
export function recordingMetrics(): DetectorMetricsSink & { readonly recorded: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  return {
    recorded,
    addMetric(name, _unit, value) {
      recorded.push({ name, value });
    },
    singleMetric() {
      const dimensions: Record<string, string> = {};
      return {
        addDimension(dimension, value) {
          dimensions[dimension] = value;
        },
        addMetric(name, _unit, value) {
          recorded.push({ name, value, dimensions });
        },
      };
    },
  };
}

/**
 * Creates the custom bus `busName` and a rule on it that sends every violation to a new SQS queue,
 * which is how a responder sees what the detector published. Returns the queue's URL.
 */
export async function violationProbe(
  events: EventBridgeClient,
  sqs: SQSClient,
  busName: string,
): Promise<string> {
  await events.send(new CreateEventBusCommand({ Name: busName }));
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "violations-probe" })))
    .QueueUrl!;
  const queueArn = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    )
  ).Attributes!.QueueArn!;
  await events.send(
    new PutRuleCommand({
      Name: "all-violations",
      EventBusName: busName,
      EventPattern: JSON.stringify({ source: [VIOLATION_SOURCE] }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: "all-violations",
      EventBusName: busName,
      Targets: [{ Id: "probe", Arn: queueArn }],
    }),
  );
  return queueUrl;
}
