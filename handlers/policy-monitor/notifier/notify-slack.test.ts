import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { Logger } from "@aws-lambda-powertools/logger";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { awsTestConfig } from "../../../test/harness/moto";
import { SlackDeliveryError, webhookUrlLoader } from "../shared/slack-client";
import type { Violation } from "../../../contracts/violation";
import { parseNotificationConfig } from "./notification-config";
import { notifySlack, type SlackNotifierDeps } from "./notify-slack";
import { violationEventFixture } from "../../../test/support/violation-event";

const CONFIG = parseNotificationConfig(
  readFileSync(join(__dirname, "..", "..", "..", "rules", "notification-config.yaml"), "utf8"),
);
const event = (change: (v: Violation) => Violation = (v) => v) => {
  const base = violationEventFixture();
  return { ...base, detail: change(base.detail) };
};

/** A local Slack: answers each request with the next scripted reply (the last one repeats). */
async function fakeSlack(replies: Array<{ status: number; headers?: Record<string, string> }>) {
  const requests: Array<{ path: string; body: unknown }> = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ path: req.url!, body: JSON.parse(body) });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.status === 200 ? "ok" : "rate_limited");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/s3cr3tT0k3n`;
  return { url, requests, close: () => new Promise((r) => server.close(r)) };
}

const ssm = new SSMClient(awsTestConfig());

function deps(url: string, sleeps: number[], overrides: Partial<SlackNotifierDeps> = {}) {
  const metrics: string[] = [];
  const value: SlackNotifierDeps = {
    webhookUrl: async () => url,
    config: CONFIG,
    metrics: { addMetric: (name, _unit, count) => void metrics.push(`${name}=${count}`) },
    logger: { info: () => undefined } as unknown as Logger,
    postOptions: { maxAttempts: 3, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) },
    ...overrides,
  };
  return { deps: value, metrics };
}

describe("notifySlack", () => {
  test("honours Retry-After on 429, then sends the routed Block Kit message", async () => {
    const slack = await fakeSlack([
      { status: 429, headers: { "Retry-After": "2" } },
      { status: 200 },
    ]);
    const sleeps: number[] = [];
    const { deps: d, metrics } = deps(slack.url, sleeps);

    const result = await notifySlack(event(), d);
    await slack.close();

    expect(result).toEqual({ sent: true, attempts: 2, channel: "#security-incidents" });
    expect(sleeps).toEqual([2000]);
    expect(slack.requests).toHaveLength(2);
    const message = slack.requests[1].body as { channel: string; text: string; blocks: any[] };
    expect(message.channel).toBe("#security-incidents");
    expect(message.text).toBe(
      ":rotating_light: CRITICAL: Full administrator access (+1 more rule) <!here>",
    );
    expect(message.blocks).toEqual([
      {
        type: "header",
        text: {
          type: "plain_text",
          text: ":rotating_light: CRITICAL: Full administrator access (+1 more rule)",
          emoji: true,
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "<!here> 2 rules matched: `full-admin`, `service-wildcard`",
        },
        fields: [
          {
            type: "mrkdwn",
            text: "*Target*\nmanaged policy arn:aws:iam::123456789012:policy/too-broad on role app-role",
          },
          {
            type: "mrkdwn",
            text: "*Who*\narn:aws:iam::123456789012:user/alice (IAMUser) from 203.0.113.10",
          },
          { type: "mrkdwn", text: "*Where*\n123456789012 / us-east-1" },
          { type: "mrkdwn", text: "*Event*\nAttachRolePolicy at 2026-11-20T09:15:40Z" },
          {
            type: "mrkdwn",
            text: "*Remediation*\ndetach_policy: AttachRolePolicy attached the policy: detaching it from role app-role undoes that",
          },
        ],
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*CRITICAL* `full-admin`: Full administrator access\nAllows every action on every resource.\n```Statement 0 (Everything): actions * on *```",
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*HIGH* `service-wildcard`: Every action of a service\nAllows every action of at least one service that can change something (such as s3:*) on all its resources.\n```Statement 1 (AllOfS3): actions s3:* on *```",
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "CRITICAL rule full-admin cannot be suppressed: fix the policy. Violation 3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1.",
          },
        ],
      },
    ]);
    expect(metrics).toEqual(["SlackNotificationsSent=1"]);
  });

  test("gives up after the bound on 500 with exponential backoff, and throws", async () => {
    const slack = await fakeSlack([{ status: 500 }]);
    const sleeps: number[] = [];
    const { deps: d, metrics } = deps(slack.url, sleeps);

    const failure = notifySlack(event(), d);
    await expect(failure).rejects.toThrow(SlackDeliveryError);
    await expect(failure).rejects.toThrow(
      "Slack webhook failed 3 times, last: HTTP 500 rate_limited",
    );
    await slack.close();

    expect(slack.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
    expect(metrics).toEqual([]);
  });

  test("does not retry a 4xx other than 429", async () => {
    const slack = await fakeSlack([{ status: 404 }]);
    const { deps: d } = deps(slack.url, []);
    await expect(notifySlack(event(), d)).rejects.toThrow(
      "Slack webhook refused the message: HTTP 404 rate_limited",
    );
    await slack.close();
    expect(slack.requests).toHaveLength(1);
  });

  test.each([
    ["LOW is muted by severity", (v: Violation): Violation => ({ ...v, severity: "LOW" })],
  ])("%s: nothing is sent", async (_, change) => {
    const slack = await fakeSlack([{ status: 200 }]);
    const { deps: d, metrics } = deps(slack.url, []);
    expect(await notifySlack(event(change), d)).toEqual({ sent: false, reason: "muted" });
    await slack.close();
    expect(slack.requests).toEqual([]);
    expect(metrics).toEqual(["SlackNotificationsMuted=1"]);
  });

  /** The fixture's violation with these rules (ids and severities), highest first. */
  const withRules =
    (...rules: Array<[string, Violation["severity"]]>) =>
    (v: Violation): Violation => ({
      ...v,
      severity: rules[0][1],
      title: v.rules[0].title,
      rules: rules.map(([ruleId, severity]) => ({ ...v.rules[0], ruleId, severity })),
    });

  test.each([
    [
      "HIGH: severity mentions, default channel",
      withRules(["service-wildcard", "HIGH"]),
      "#iam-policy-alerts",
      ["<!subteam^S0SECURITY>"],
    ],
    [
      "a rule entry matched by the second rule overrides the channel, keeps the mentions",
      withRules(["service-wildcard", "HIGH"], ["passrole-wildcard", "HIGH"]),
      "#platform-iam",
      ["<!subteam^S0SECURITY>"],
    ],
    [
      "CRITICAL with a second rule that a rule entry matches: that entry's channel",
      withRules(["full-admin", "CRITICAL"], ["passrole-wildcard", "HIGH"]),
      "#platform-iam",
      ["<!here>"],
    ],
    ["MEDIUM: the defaults", withRules(["x", "MEDIUM"]), "#iam-policy-alerts", []],
  ] as const)("routes %s", async (_, change, channel, mentions) => {
    const slack = await fakeSlack([{ status: 200 }]);
    const { deps: d } = deps(slack.url, []);
    const result = await notifySlack(event(change), d);
    await slack.close();
    expect(result).toEqual({ sent: true, attempts: 1, channel });
    const message = slack.requests[0].body as { channel: string; text: string };
    expect(message.channel).toBe(channel);
    expect(message.text.endsWith(mentions.join(" "))).toBe(true);
  });

  test("a violation of many rules shows the first 40 as sections and counts the others", async () => {
    const slack = await fakeSlack([{ status: 200 }]);
    const { deps: d } = deps(slack.url, []);
    const ids = Array.from({ length: 43 }, (_, i) => `rule-${i + 1}`);
    await notifySlack(event(withRules(...ids.map((id): [string, "MEDIUM"] => [id, "MEDIUM"]))), d);
    await slack.close();

    const { blocks } = slack.requests[0].body as { blocks: any[] };
    expect(blocks).toHaveLength(44);
    expect(blocks[1].text.text).toBe(
      `43 rules matched: ${ids.map((id) => `\`${id}\``).join(", ")}`,
    );
    expect(blocks[41].text.text.split("\n")[0]).toBe(
      "*MEDIUM* `rule-40`: Full administrator access",
    );
    expect(blocks[42]).toEqual({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "…and 3 more rules: the email and the audit log list them all.",
        },
      ],
    });
  });

  test("reads the URL from an SSM SecureString and never logs it", async () => {
    const slack = await fakeSlack([
      { status: 429, headers: { "Retry-After": "0" } },
      { status: 200 },
    ]);
    await ssm.send(
      new PutParameterCommand({
        Name: "/opsguard/slack-webhook",
        Value: slack.url,
        Type: "SecureString",
      }),
    );
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest
        .spyOn(stream, "write")
        .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0),
    );
    const logger = new Logger({ serviceName: "policy-notifier", logLevel: "DEBUG" });
    const { deps: d } = deps(slack.url, [], {
      webhookUrl: webhookUrlLoader(ssm, "/opsguard/slack-webhook"),
      logger,
    });

    const result = await notifySlack(event(), d);
    const failure = await notifySlack(event(), {
      ...d,
      webhookUrl: async () => "http://127.0.0.1:1/services/T000/B000/s3cr3tT0k3n",
    }).catch((error: Error) => error);
    logger.error("delivery failed", failure as Error);
    spies.forEach((spy) => spy.mockRestore());
    await slack.close();

    expect(result).toMatchObject({ sent: true, attempts: 2 });
    expect(String(failure)).toMatch(
      /^SlackDeliveryError: Slack webhook failed 3 times, last: network error/,
    );
    expect(written.join("")).toContain("slack notification sent");
    expect(written.join("")).not.toContain("s3cr3tT0k3n");
  });

  test("a bad parameter value is reported without the value", async () => {
    await ssm.send(
      new PutParameterCommand({
        Name: "/opsguard/not-a-url",
        Value: "xoxb-s3cr3t",
        Type: "SecureString",
      }),
    );
    const load = webhookUrlLoader(ssm, "/opsguard/not-a-url");
    await expect(load()).rejects.toThrow(
      "SSM parameter /opsguard/not-a-url does not hold a webhook URL (http(s)://…)",
    );
  });
});
