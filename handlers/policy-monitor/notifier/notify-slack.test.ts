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
    expect(message.text).toBe(":rotating_light: CRITICAL: Policy allows every action <!here>");
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect(message.blocks[1].fields[0]).toEqual({
      type: "mrkdwn",
      text: "*Rule*\n`wildcard-action`",
    });
    expect(message.blocks[1].fields[1].text).toBe(
      "*Target*\nmanaged policy arn:aws:iam::123456789012:policy/too-broad on role app-role",
    );
    expect(message.blocks[2].text.text).toBe("```Statement 0 (Everything): actions * on *```");
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

  test.each([
    [
      "HIGH: severity mentions, default channel",
      { severity: "HIGH", ruleId: "wildcard-action" },
      "#iam-policy-alerts",
      ["<!subteam^S0SECURITY>"],
    ],
    [
      "a rule entry overrides the channel, keeps the mentions",
      { severity: "HIGH", ruleId: "passrole-wildcard" },
      "#platform-iam",
      ["<!subteam^S0SECURITY>"],
    ],
    ["MEDIUM: the defaults", { severity: "MEDIUM", ruleId: "x" }, "#iam-policy-alerts", []],
  ] as const)("routes %s", async (_, change, channel, mentions) => {
    const slack = await fakeSlack([{ status: 200 }]);
    const { deps: d } = deps(slack.url, []);
    const result = await notifySlack(
      event((v) => ({ ...v, ...change })),
      d,
    );
    await slack.close();
    expect(result).toEqual({ sent: true, attempts: 1, channel });
    expect((slack.requests[0].body as { text: string }).text.endsWith(mentions.join(" "))).toBe(
      true,
    );
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
