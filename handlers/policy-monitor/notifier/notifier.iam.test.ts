import { PutObjectCommand } from "@aws-sdk/client-s3";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CONFIG_BUCKET_KEYS, NOTIFIER_ENV } from "../../../contracts/policy-monitor";
import {
  assumeRoleOfFunction,
  createBucketIn,
  type FunctionUnderRole,
} from "../../../test/harness/component-role";
import { expectAccessDenied } from "../../../test/harness/iam-role";
import { motoS3Client } from "../../../test/harness/moto-s3";
import { webhookUrlLoader } from "../shared/slack-client";
import { notificationConfigLoader } from "./config-source";
import type { NotificationConfig } from "./notification-config";
import { notifySlack, type SlackNotifierDeps } from "./notify-slack";
import { violationEventFixture } from "../../../test/support/violation-event";

// moto enforces IAM: the notifier reads its routing from the config bucket and the webhook from
// the parameter the component names, as the role the component gives it, and posts to a local
// Slack.

let role: FunctionUnderRole;
let slack: { url: string; status: number; posts: number; server: Server };
let config: NotificationConfig;

beforeAll(async () => {
  role = await assumeRoleOfFunction("policyMonitor", "policy-monitor-responders-slack");
  slack = { url: "", status: 200, posts: 0, server: createServer() };
  slack.server.on("request", (request, response) => {
    request.resume().on("end", () => {
      slack.posts++;
      response.writeHead(slack.status).end(slack.status === 200 ? "ok" : "no_service");
    });
  });
  await new Promise<void>((resolve) => slack.server.listen(0, "127.0.0.1", resolve));
  slack.url = `http://127.0.0.1:${(slack.server.address() as AddressInfo).port}/services/T0/B0/x`;
  await new SSMClient(role.adminConfig).send(
    new PutParameterCommand({
      Name: role.env[NOTIFIER_ENV.slackWebhookParameter],
      Value: slack.url,
      Type: "SecureString",
    }),
  );
  const bucket = role.env[NOTIFIER_ENV.configBucket];
  const key = role.env[NOTIFIER_ENV.notificationConfigKey] ?? CONFIG_BUCKET_KEYS.notificationConfig;
  const adminS3 = motoS3Client(role.adminConfig);
  await createBucketIn(adminS3, bucket, role.region);
  await adminS3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: readFileSync(join(__dirname, "..", "..", "..", "rules", "notification-config.yaml")),
    }),
  );
  config = await notificationConfigLoader(
    motoS3Client(role.roleConfig, role.statements),
    bucket,
    key,
  )();
});

afterAll(() => new Promise((resolve) => slack.server.close(resolve)));

function deps(): SlackNotifierDeps {
  return {
    webhookUrl: webhookUrlLoader(
      new SSMClient(role.roleConfig),
      role.env[NOTIFIER_ENV.slackWebhookParameter],
    ),
    config,
    metrics: { addMetric: () => undefined },
    logger: { info: () => undefined } as unknown as SlackNotifierDeps["logger"],
    postOptions: { maxAttempts: 2, baseDelayMs: 1, sleep: async () => undefined },
  };
}
const event = () => violationEventFixture();

test("the notifier reads its routing and the webhook with its own role and posts the violation", async () => {
  slack.status = 200;
  slack.posts = 0;

  const result = await notifySlack(event(), deps());

  expect(result).toEqual({ sent: true, attempts: 1, channel: "#security-incidents" });
  expect(slack.posts).toBe(1);
});

test("Slack refusing every attempt fails the invocation, after reading the webhook", async () => {
  slack.status = 500;
  slack.posts = 0;

  await expect(notifySlack(event(), deps())).rejects.toThrow(
    "Slack webhook failed 2 times, last: HTTP 500",
  );
  expect(slack.posts).toBe(2);
});

test("the role may read the webhook but not change it", async () => {
  await expectAccessDenied(
    new SSMClient(role.roleConfig).send(
      new PutParameterCommand({
        Name: role.env[NOTIFIER_ENV.slackWebhookParameter],
        Value: "https://attacker.example",
        Type: "SecureString",
        Overwrite: true,
      }),
    ),
  );
});
