import { motoEndpoint } from "../../test/harness/moto";
import { remediationBatchFixture } from "../../test/support/violation-event";

/** What a handler printed while it ran, line by line, stdout and stderr together. */
async function printedWhile(
  run: () => Promise<unknown>,
): Promise<{ lines: string[]; error: unknown }> {
  const lines: string[] = [];
  const collect = (chunk: string | Uint8Array) =>
    lines.push(...String(chunk).split("\n").filter(Boolean)) >= 0;
  const out = jest.spyOn(process.stdout, "write").mockImplementation(collect);
  const err = jest.spyOn(process.stderr, "write").mockImplementation(collect);
  const warn = jest.spyOn(console, "warn").mockImplementation((...args) => collect(args.join(" ")));
  try {
    await run();
    return { lines, error: undefined };
  } catch (error) {
    return { lines, error };
  } finally {
    out.mockRestore();
    err.mockRestore();
    warn.mockRestore();
  }
}

type Entry = (event: unknown, context: unknown) => Promise<unknown>;

describe("a PolicyMonitor handler that fails before it counts anything prints only its error", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test.each([
    [
      "emailer",
      { EMAIL_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:email" },
      {},
      /schemaVersion/,
    ],
    ["audit-writer", { AUDIT_BUCKET: "absent-audit" }, {}, /schemaVersion/],
    [
      "notifier",
      { SLACK_WEBHOOK_PARAMETER: "/slack/webhook", CONFIG_BUCKET: "absent-config" },
      {},
      /absent-config/,
    ],
    [
      "remediator",
      { AUDIT_BUCKET: "absent-audit", CONFIG_BUCKET: "absent-config" },
      remediationBatchFixture(),
      /absent-config/,
    ],
  ])("%s", async (name, env, event, expected) => {
    Object.assign(process.env, { AWS_ENDPOINT_URL: motoEndpoint(), ...env });
    let handler: Entry | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(`./${name}/index`).handler;
    });

    const { lines, error } = await printedWhile(() => handler!(event, {}));

    expect(String(error)).toMatch(expected);
    expect(lines.filter((line) => line.includes("No application metrics"))).toEqual([]);
  });
});
