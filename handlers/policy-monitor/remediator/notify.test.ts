import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { awsTestConfig } from "../../../test/harness/moto";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import { slackOutcomeNotifier, snsOutcomeNotifier } from "./notify";
import { violationEvent } from "../../../test/support/policy-remediator";

const sns = new SNSClient(awsTestConfig());
const sqs = new SQSClient(awsTestConfig());

test("the remediation outcome reaches the email topic as readable text", async () => {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: "outcomes" }))).TopicArn!;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "outcome-inbox" })))
    .QueueUrl!;
  const queueArn = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    )
  ).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: queueArn }));
  const outcome: RemediationOutcome = {
    violation: violationEvent().detail,
    action: "detach_policy",
    status: "DRY_RUN",
    dryRun: true,
    reason: "dry run: would detach arn:aws:iam::123456789012:policy/too-broad from role app-role",
    changes: ["detach arn:aws:iam::123456789012:policy/too-broad from role app-role"],
    finishedAt: "2026-11-20T09:16:00.000Z",
  };

  await snsOutcomeNotifier(sns, topicArn)(outcome);

  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
  );
  const envelope = JSON.parse(received.Messages![0].Body!);
  expect(envelope.Subject).toBe(
    "[opsguard] Remediation DRY_RUN: CRITICAL Full administrator access (+1 more rule)",
  );
  expect(envelope.Message).toBe(
    [
      "Remediation DRY_RUN (dry run)",
      "",
      "Violation: CRITICAL: Full administrator access (+1 more rule)",
      "Violation id: 3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1",
      "Suggested: detach_policy: AttachRolePolicy attached the policy: detaching it from role app-role undoes that",
      "Action: detach_policy",
      "Target: arn:aws:iam::123456789012:policy/too-broad on role app-role",
      "Account: 123456789012  Region: us-east-1",
      "Result: dry run: would detach arn:aws:iam::123456789012:policy/too-broad from role app-role",
      "Changes:",
      "  - detach arn:aws:iam::123456789012:policy/too-broad from role app-role",
      "",
      "Rules matched (2):",
      "1. CRITICAL full-admin: Full administrator access",
      "   Allows every action on every resource.",
      "   - Statement 0 (Everything): actions * on *",
      "",
      "2. HIGH service-wildcard: Every action of a service",
      "   Allows every action of at least one service that can change something (such as s3:*) on all its resources.",
      "   - Statement 1 (AllOfS3): actions s3:* on *",
    ].join("\n"),
  );
});

test("the remediation outcome reaches Slack through the webhook", async () => {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/secret`;
  const outcome: RemediationOutcome = {
    violation: violationEvent().detail,
    action: "detach_policy",
    status: "SKIPPED",
    dryRun: false,
    reason: 'safety check: role app-role is protected by "app-*"',
    changes: [],
    finishedAt: "2026-11-20T09:16:00.000Z",
  };

  await slackOutcomeNotifier(async () => url)(outcome);
  await new Promise((resolve) => server.close(resolve));

  expect(bodies).toHaveLength(1);
  const message = bodies[0] as { text: string; blocks: Array<{ text: { text: string } }> };
  expect(message.text).toBe(
    "[opsguard] Remediation SKIPPED: CRITICAL Full administrator access (+1 more rule)",
  );
  expect(message.blocks[0].text.text).toContain(
    'Result: safety check: role app-role is protected by "app-*"',
  );
});

test("on Slack, a long outcome is cut to the 3,000 characters of a section", async () => {
  const bodies: Array<{ blocks: Array<{ text: { text: string } }> }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/secret`;
  const violation = violationEvent().detail;
  const rule = violation.rules[1];
  const outcome: RemediationOutcome = {
    violation: {
      ...violation,
      rules: Array.from({ length: 30 }, (_, i) => ({ ...rule, ruleId: `rule-${i}` })),
    },
    action: "detach_policy",
    status: "SUCCESS",
    dryRun: false,
    reason: "detached",
    changes: [],
    finishedAt: "2026-11-20T09:16:00.000Z",
  };

  await slackOutcomeNotifier(async () => url)(outcome);
  await new Promise((resolve) => server.close(resolve));

  const text = bodies[0].blocks[0].text.text;
  expect(text).toHaveLength(3000);
  expect(text.startsWith("```Remediation SUCCESS\n")).toBe(true);
  expect(text.endsWith("…```")).toBe(true);
});
