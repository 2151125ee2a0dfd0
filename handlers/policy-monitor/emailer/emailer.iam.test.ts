import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { EMAILER_ENV } from "../../../contracts/policy-monitor";
import { assumeRoleOfFunction, type FunctionUnderRole } from "../../../test/harness/component-role";
import { expectAccessDenied } from "../../../test/harness/iam-role";
import { emailViolation } from "./emailer";
import { violationEventFixture } from "../../../test/support/violation-event";

// moto enforces IAM: the emailer's client signs as the role PolicyResponders gives it, and
// publishes to the topic of the name that PolicyResponders gives it.

let role: FunctionUnderRole;
let topicArn: string;
let inboxUrl: string;
let sqs: SQSClient;

beforeAll(async () => {
  role = await assumeRoleOfFunction("policyMonitor", "policy-monitor-responders-email");
  topicArn = role.env[EMAILER_ENV.emailTopicArn];
  const sns = new SNSClient(role.adminConfig);
  sqs = new SQSClient(role.adminConfig);
  await sns.send(new CreateTopicCommand({ Name: topicArn.split(":").pop()! }));
  inboxUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "email-inbox" }))).QueueUrl!;
  const inboxArn = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: inboxUrl, AttributeNames: ["QueueArn"] }),
    )
  ).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: inboxArn }));
});

const deps = () => ({
  sns: new SNSClient(role.roleConfig),
  topicArn,
  metrics: { addMetric: () => undefined },
  logger: { info: () => undefined },
});

test("the emailer publishes the violation with its own role", async () => {
  const event = violationEventFixture();

  const { messageId } = await emailViolation(event, deps());

  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inboxUrl }));
  const envelope = JSON.parse(received.Messages![0].Body!);
  expect(envelope).toMatchObject({
    MessageId: messageId,
    TopicArn: topicArn,
    Subject: "[opsguard] CRITICAL IAM policy violation: Full administrator access (+1 more rule)",
  });
});

test("a malformed event fails before any call, and the role may not manage the topic", async () => {
  await expect(emailViolation({ detail: {} }, deps())).rejects.toThrow(
    'source must be "opsguard.policy-monitor", got undefined',
  );
  await expectAccessDenied(
    new SNSClient(role.roleConfig).send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "email", Endpoint: "x@example.com" }),
    ),
  );
});
