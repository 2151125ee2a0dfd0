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
  test("publishes a readable message: what, who, where, which statements, how to suppress", async () => {
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
    event.detail.severity = "HIGH";

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
      "[opsguard] HIGH IAM policy violation: Policy allows every action",
    );
    expect(envelope.Message).toBe(
      [
        "HIGH: Policy allows every action",
        "",
        'What:   A statement allows Action "*" on Resource "*": full administrator access.',
        "Rule:   wildcard-action",
        "Target: managed policy arn:aws:iam::123456789012:policy/too-broad on role app-role",
        "Who:    arn:aws:iam::123456789012:user/alice (IAMUser) from 203.0.113.10",
        "Where:  account 123456789012, region us-east-1",
        "When:   2026-11-20T09:15:40Z (AttachRolePolicy, CloudTrail event a1b2c3d4-5678-90ab-cdef-111122223333)",
        "",
        "Statements:",
        "  - Statement 0 (Everything): actions * on *",
        "",
        "Suggested remediation: detach_policy",
        "To suppress it, add an entry to suppress.yaml in the config bucket for rule wildcard-action and arn:aws:iam::123456789012:policy/too-broad, with a reason (and an expiry if it is temporary).",
        "",
        "Violation id: 3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1",
      ].join("\n"),
    );
    expect(envelope.MessageAttributes.severity).toEqual({ Type: "String", Value: "HIGH" });
    expect(metrics).toEqual(["SNSAlertsPublished=1"]);
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
