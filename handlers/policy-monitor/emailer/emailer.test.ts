import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { awsTestConfig } from "../../../test/harness/moto";
import { emailViolation } from "./emailer";
import { violationEventFixture } from "../../../test/support/violation-event";

const sns = new SNSClient(awsTestConfig());
const sqs = new SQSClient(awsTestConfig());

describe("violation email (SNS → SQS subscription in moto)", () => {
  test("publishes one message with every rule, its statements, the remediation and why", async () => {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: "violation-email" })))
      .TopicArn!;
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "email-inbox" })))
      .QueueUrl!;
    const queueArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
      )
    ).Attributes!.QueueArn!;
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: queueArn }),
    );
    const metrics: string[] = [];
    const event = violationEventFixture();

    const { messageId } = await emailViolation(event, {
      sns,
      topicArn,
      metrics: { addMetric: (name, _unit, value) => void metrics.push(`${name}=${value}`) },
      logger: { info: () => undefined },
    });

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    const envelope = JSON.parse(received.Messages![0].Body!);
    expect(envelope.MessageId).toBe(messageId);
    expect(envelope.Subject).toBe(
      "[opsguard] CRITICAL IAM policy violation: Full administrator access (+1 more rule)",
    );
    expect(envelope.Message).toBe(
      [
        "CRITICAL: Full administrator access (+1 more rule)",
        "",
        "Target: managed policy arn:aws:iam::123456789012:policy/too-broad on role app-role",
        "Who:    arn:aws:iam::123456789012:user/alice (IAMUser) from 203.0.113.10",
        "Where:  account 123456789012, region us-east-1",
        "When:   2026-11-20T09:15:40Z (AttachRolePolicy, CloudTrail event a1b2c3d4-5678-90ab-cdef-111122223333)",
        "",
        "Rules matched (2):",
        "1. CRITICAL full-admin: Full administrator access",
        "   Allows every action on every resource.",
        "   - Statement 0 (Everything): actions * on *",
        "",
        "2. HIGH service-wildcard: Every action of a service",
        "   Allows every action of at least one service that can change something (such as s3:*) on all its resources.",
        "   - Statement 1 (AllOfS3): actions s3:* on *",
        "",
        "Suggested remediation: detach_policy: AttachRolePolicy attached the policy: detaching it from role app-role undoes that",
        "CRITICAL rule full-admin cannot be suppressed: fix the policy.",
        "",
        "Violation id: 3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1",
      ].join("\n"),
    );
    expect(envelope.MessageAttributes).toEqual({
      severity: { Type: "String", Value: "CRITICAL" },
      ruleIds: { Type: "String.Array", Value: '["full-admin","service-wildcard"]' },
    });
    expect(metrics).toEqual(["SNSAlertsPublished=1"]);
  });

  test("one rule, no remediation: no '+N more', notify only with its reason, how to suppress", async () => {
    const send = jest.fn().mockResolvedValue({ MessageId: "m-1" });
    const event = violationEventFixture();
    const [, serviceWildcard] = event.detail.rules;
    event.detail = {
      ...event.detail,
      severity: "HIGH",
      title: serviceWildcard.title,
      rules: [
        {
          ...serviceWildcard,
          findings: [
            {
              ...serviceWildcard.findings[0],
              actions: Array.from({ length: 27 }, (_, i) => `svc${i}:*`),
            },
          ],
        },
      ],
      suggestedAction: undefined,
      suggestionReason: "notify only: the event does not say what the policy granted before",
    };

    await emailViolation(event, {
      sns: { send } as unknown as SNSClient,
      topicArn: "arn:aws:sns:us-east-1:123456789012:x",
      metrics: { addMetric: () => undefined },
      logger: { info: () => undefined },
    });

    const input = send.mock.calls[0][0].input;
    expect(input.Subject).toBe("[opsguard] HIGH IAM policy violation: Every action of a service");
    const lines = (input.Message as string).split("\n");
    expect(lines.slice(0, 1)).toEqual(["HIGH: Every action of a service"]);
    expect(lines.slice(7, 11)).toEqual([
      "Rules matched (1):",
      "1. HIGH service-wildcard: Every action of a service",
      "   Allows every action of at least one service that can change something (such as s3:*) on all its resources.",
      `   - Statement 1 (AllOfS3): actions ${Array.from({ length: 25 }, (_, i) => `svc${i}:*`).join(", ")} … (+2) on *`,
    ]);
    expect(lines.slice(12, 14)).toEqual([
      "Suggested remediation: notify only: the event does not say what the policy granted before",
      "To suppress it, add an entry to suppress.yaml in the config bucket for rule service-wildcard and arn:aws:iam::123456789012:policy/too-broad, with a reason (and an expiry if it is temporary).",
    ]);
    expect(input.MessageAttributes.ruleIds).toEqual({
      DataType: "String.Array",
      StringValue: '["service-wildcard"]',
    });
  });

  test("a long title is cut so that the subject keeps the count of the other rules", async () => {
    const send = jest.fn().mockResolvedValue({ MessageId: "m-2" });
    const event = violationEventFixture();
    const [fullAdmin, serviceWildcard] = event.detail.rules;
    event.detail.title = `Ünïcode ${"x".repeat(120)}`;
    event.detail.rules = [
      { ...fullAdmin, title: event.detail.title },
      serviceWildcard,
      { ...serviceWildcard, ruleId: "wildcard-resource-write", severity: "MEDIUM" },
    ];

    await emailViolation(event, {
      sns: { send } as unknown as SNSClient,
      topicArn: "arn:aws:sns:us-east-1:123456789012:x",
      metrics: { addMetric: () => undefined },
      logger: { info: () => undefined },
    });

    const subject: string = send.mock.calls[0][0].input.Subject;
    expect(subject).toBe(
      `[opsguard] CRITICAL IAM policy violation: ?n?code ${"x".repeat(34)} (+2 more rules)`,
    );
    expect(subject).toHaveLength(100);
  });

  test("a malformed event fails with the bad field and publishes nothing", async () => {
    const event = violationEventFixture();
    delete event.detail.target;
    const send = jest.fn();
    await expect(
      emailViolation(event, {
        sns: { send } as unknown as SNSClient,
        topicArn: "arn:aws:sns:us-east-1:123456789012:x",
        metrics: { addMetric: () => undefined },
        logger: { info: () => undefined },
      }),
    ).rejects.toThrow(/^detail\.target: /);
    expect(send).not.toHaveBeenCalled();
  });
});
