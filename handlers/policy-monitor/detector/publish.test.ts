import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CreateTopicCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { awsTestConfig } from "../../../test/harness/moto";
import type { Violation } from "../../../contracts/violation";
import { discardMetrics } from "./metrics";
import { eventBridgePublisher, PublishError } from "./publish";
import { directPublisher } from "./publish-direct";

const violation = (id: string): Violation => ({
  schemaVersion: "2.0",
  violationId: id,
  severity: "CRITICAL",
  title: "Full administrator access",
  rules: [
    {
      ruleId: "full-admin",
      title: "Full administrator access",
      description: "d",
      severity: "CRITICAL",
      findings: [
        { statementIndex: 0, actions: ["*"], resources: ["*"], statement: { Effect: "Allow" } },
      ],
    },
    {
      ruleId: "service-wildcard",
      title: "Every action of a service",
      description: "d",
      severity: "HIGH",
      findings: [
        { statementIndex: 0, actions: ["*"], resources: ["*"], statement: { Effect: "Allow" } },
      ],
    },
  ],
  target: { kind: "managed-policy", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
  actor: { type: "IAMUser" },
  eventId: "e1",
  eventName: "AttachUserPolicy",
  eventTime: "2025-11-23T16:00:00Z",
  awsRegion: "us-east-1",
  accountId: "123456789012",
  suggestionReason: "notify only",
  detectedAt: "2025-11-23T16:00:05.000Z",
});

describe("eventBridgePublisher", () => {
  const events = mockClient(EventBridgeClient);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  beforeEach(() => {
    events.reset();
    sleeps.length = 0;
  });

  test("resends only the rejected entries, with backoff", async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [
          { EventId: "1" },
          { ErrorCode: "ThrottlingException", ErrorMessage: "slow down" },
        ],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "2" }] });
    await eventBridgePublisher(events as unknown as EventBridgeClient, "bus", discardMetrics, {
      sleep,
    }).publish([violation("a"), violation("b")]);

    const calls = events
      .commandCalls(PutEventsCommand)
      .map((call) =>
        call.args[0].input.Entries!.map((entry) => JSON.parse(entry.Detail!).violationId),
      );
    expect(calls).toEqual([["a", "b"], ["b"]]);
    expect(events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0]).toEqual({
      EventBusName: "bus",
      Source: "opsguard.policy-monitor",
      DetailType: "IAM Policy Violation",
      Detail: JSON.stringify(violation("a")),
      Resources: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    });
    expect(sleeps).toEqual([200]);
  });

  test("throws PublishError after the last attempt, so that the event reaches the DLQ", async () => {
    events.on(PutEventsCommand).rejects(new Error("Service unavailable"));
    await expect(
      eventBridgePublisher(events as unknown as EventBridgeClient, "bus", discardMetrics, {
        sleep,
      }).publish([violation("a")]),
    ).rejects.toThrow(
      new PublishError(
        "EventBridge bus bus did not accept 1 violation(s) after 3 attempts (Error: Service unavailable): a",
      ),
    );
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  test("sends batches of at most 10", async () => {
    events.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: "x" })),
    }));
    const many = Array.from({ length: 23 }, (_, index) => violation(`v${index}`));
    await eventBridgePublisher(events as unknown as EventBridgeClient, "bus", discardMetrics, {
      sleep,
    }).publish(many);
    expect(
      events.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries!.length),
    ).toEqual([10, 10, 3]);
  });
});

describe("directPublisher against moto", () => {
  test("sends the EventBridge-shaped envelope to SQS (and publishes to SNS)", async () => {
    const sns = new SNSClient(awsTestConfig());
    const sqs = new SQSClient(awsTestConfig());
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: "alerts" }))).TopicArn!;
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "remediation" })))
      .QueueUrl!;

    await directPublisher({ sns, topicArn, sqs, queueUrl }, discardMetrics).publish([
      violation("a"),
    ]);

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages!.map((message) => JSON.parse(message.Body!))).toEqual([
      {
        source: "opsguard.policy-monitor",
        "detail-type": "IAM Policy Violation",
        account: "123456789012",
        time: "2025-11-23T16:00:05.000Z",
        resources: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        detail: violation("a"),
      },
    ]);
  });

  test("throws PublishError when SNS keeps failing", async () => {
    const sns = new SNSClient(awsTestConfig());
    await expect(
      directPublisher(
        { sns, topicArn: "arn:aws:sns:us-east-1:123456789012:missing" },
        discardMetrics,
        { sleep: async () => undefined },
      ).publish([violation("a")]),
    ).rejects.toMatchObject({
      name: "PublishError",
      message: expect.stringMatching(
        /^SNS Publish to arn:aws:sns:us-east-1:123456789012:missing failed after 3 attempts: /,
      ),
    });
  });
});

describe("directPublisher's SNS message", () => {
  let afterEachRestore = () => undefined as void;
  afterEach(() => afterEachRestore());

  test("one message per violation, filterable by top severity and by any of its rules", async () => {
    // Created here, not at collection: a mock patches every SNSClient, the moto tests' too.
    const sns = mockClient(SNSClient);
    afterEachRestore = () => sns.restore();
    sns.on(PublishCommand).resolves({ MessageId: "m1" });
    const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";

    await directPublisher({ sns: sns as unknown as SNSClient, topicArn }, discardMetrics).publish([
      violation("a"),
    ]);

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: topicArn,
        Subject: "[CRITICAL] Full administrator access",
        Message: expect.stringContaining('"violationId":"a"'),
        MessageAttributes: {
          severity: { DataType: "String", StringValue: "CRITICAL" },
          ruleIds: {
            DataType: "String.Array",
            StringValue: '["full-admin","service-wildcard"]',
          },
        },
      },
    ]);
  });
});
