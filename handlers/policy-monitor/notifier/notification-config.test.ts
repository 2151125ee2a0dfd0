import { parseNotificationConfig, routeFor } from "./notification-config";
import type { Severity, Violation } from "../../../contracts/violation";
import { violationEventFixture } from "../../../test/support/violation-event";

/** The fixture's violation with these rules (in this order) and this highest severity. */
function violationOf(ruleIds: string[], severity: Severity = "CRITICAL"): Violation {
  const base: Violation = violationEventFixture().detail;
  return {
    ...base,
    severity,
    rules: ruleIds.map((ruleId) => ({ ...base.rules[0], ruleId, severity })),
  };
}

const violation = violationOf(["noisy-rule"]);

describe("notification-config", () => {
  test.each([
    [
      { version: 1, severity: { URGENT: {} } },
      'notification-config.yaml: severity: unknown key "URGENT"',
    ],
    [
      { version: 1, rules: [{ ruleId: "x", channnel: "#a" }] },
      'notification-config.yaml: rules[0]: unknown key "channnel"',
    ],
    [
      { version: 1, default: { channel: "not a channel" } },
      "notification-config.yaml: default.channel: must be a channel name such as #alerts",
    ],
    [{ version: 2 }, "notification-config.yaml: version must be 1"],
    ["version: [1", "notification-config.yaml: not valid YAML: unexpected end of the stream"],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => parseNotificationConfig(input)).toThrow(message);
  });

  test("a rule entry can mute a rule, even a CRITICAL one", () => {
    const config = parseNotificationConfig({
      version: 1,
      severity: { CRITICAL: { channel: "#sec", mentions: ["<!here>"] } },
      rules: [{ ruleId: "noisy-*", mute: true }],
    });
    expect(routeFor(violation, config)).toEqual({
      channel: "#sec",
      mentions: ["<!here>"],
      muted: true,
    });
  });

  test("a rule entry applies when it matches any of the violation's rules, not only the first", () => {
    const config = parseNotificationConfig({
      version: 1,
      severity: { HIGH: { mentions: ["<!subteam^S0SECURITY>"] } },
      rules: [{ ruleId: "passrole-*", channel: "#platform-iam" }],
    });
    expect(
      routeFor(violationOf(["service-wildcard", "passrole-wildcard"], "HIGH"), config),
    ).toEqual({
      channel: "#platform-iam",
      mentions: ["<!subteam^S0SECURITY>"],
      muted: false,
    });
    expect(routeFor(violationOf(["service-wildcard"], "HIGH"), config)).toEqual({
      channel: undefined,
      mentions: ["<!subteam^S0SECURITY>"],
      muted: false,
    });
  });

  test("when entries match different rules of a violation, the first entry in the file wins", () => {
    const config = parseNotificationConfig({
      version: 1,
      rules: [
        { ruleId: "privesc-*", channel: "#privesc" },
        { ruleId: "full-admin", channel: "#admins", mute: true },
      ],
    });
    expect(routeFor(violationOf(["full-admin", "privesc-access-key"]), config)).toEqual({
      channel: "#privesc",
      mentions: [],
      muted: false,
    });
  });

  test("an empty config routes to the webhook's own channel with no mentions", () => {
    expect(routeFor(violation, parseNotificationConfig("version: 1"))).toEqual({
      channel: undefined,
      mentions: [],
      muted: false,
    });
  });
});
