import * as pulumi from "@pulumi/pulumi";
import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";
import { alarmTopicArnOf, createFailureAlarms } from "./failure-alarms";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";

async function plan(program: () => void): Promise<PlannedResource[]> {
  const { resources } = await runProgram({
    program: async () => {
      program();
      return {};
    },
    config: { "aws:region": "eu-west-1" },
  });
  return resources;
}

describe("createFailureAlarms", () => {
  test("one alarm per function, dead-letter queue and failure metric, with the defaults", async () => {
    const resources = await plan(() => {
      class Parent extends pulumi.ComponentResource {
        constructor() {
          super("test:index:Parent", "p");
          createFailureAlarms(
            "p",
            {
              topicArn: TOPIC,
              functions: { worker: "p-worker-fn" },
              deadLetterQueues: { dlq: "p-dlq" },
              failureMetrics: {
                sync: {
                  namespace: "opsguard/X",
                  metricName: "SyncFailed",
                  dimensions: { service: "x" },
                  description: "a sync failed",
                },
              },
            },
            { parent: this },
          );
        }
      }
      new Parent();
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r.inputs]));
    const common = { alarmActions: [TOPIC], okActions: [TOPIC], treatMissingData: "notBreaching" };
    expect(byName["p-worker-errors"]).toEqual({
      ...common,
      alarmDescription: "p-worker-fn failed in 2 of 3 five-minute periods: see its log group",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "p-worker-fn" },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(byName["p-dlq-dead-letters"]).toEqual({
      ...common,
      alarmDescription:
        "p-dlq holds events that failed every retry: read them, fix the cause, redrive",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "p-dlq" },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(byName["p-sync-failures"]).toEqual({
      ...common,
      alarmDescription: "a sync failed",
      namespace: "opsguard/X",
      metricName: "SyncFailed",
      dimensions: { service: "x" },
      statistic: "Sum",
      period: 3600,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(
      resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm"),
    ).toHaveLength(3);
  });

  test("every threshold can be overridden", async () => {
    const resources = await plan(() =>
      createFailureAlarms(
        "q",
        {
          topicArn: TOPIC,
          functions: { worker: "q-fn" },
          deadLetterQueues: { dlq: "q-dlq" },
          thresholds: {
            functionErrors: 5,
            evaluationPeriods: 6,
            datapointsToAlarm: 4,
            deadLetters: 10,
          },
        },
        {},
      ),
    );
    const byName = Object.fromEntries(resources.map((r) => [r.name, r.inputs]));
    expect(byName["q-worker-errors"]).toMatchObject({
      threshold: 5,
      evaluationPeriods: 6,
      datapointsToAlarm: 4,
    });
    expect(byName["q-dlq-dead-letters"]).toMatchObject({ threshold: 10 });
  });
});

describe("alarmTopicArnOf", () => {
  test("a given topic is used as it is, and nothing is created", async () => {
    let arn: pulumi.Output<string> | undefined;
    const resources = await plan(() => {
      arn = alarmTopicArnOf("c", { alarmTopicArn: TOPIC, alarmEmails: ["x@example.com"] }, {});
    });
    expect(resources).toEqual([]);
    expect(await new Promise((resolve) => arn!.apply(resolve))).toBe(TOPIC);
  });

  test("without one, an encrypted topic that emails each address", async () => {
    const resources = await plan(() => {
      alarmTopicArnOf("c", { alarmEmails: ["a@example.com", "b@example.com"] }, {});
    });
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:kms/key:Key c-alarm-key",
      "aws:sns/topic:Topic c-alarm-topic",
      "aws:sns/topicSubscription:TopicSubscription c-alarm-subscription-0",
      "aws:sns/topicSubscription:TopicSubscription c-alarm-subscription-1",
    ]);
    expect(
      resources
        .filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")
        .map((r) => [r.inputs.protocol, r.inputs.endpoint]),
    ).toEqual([
      ["email", "a@example.com"],
      ["email", "b@example.com"],
    ]);
  });
});
