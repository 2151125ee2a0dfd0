import { parseNotificationConfig, routeFor } from "./notification-config";
import type { Violation } from "../../../contracts/violation";

const violation = { ruleId: "noisy-rule", severity: "CRITICAL" } as Violation;

describe("notification-config", () => {
  test.each([
    [
      { version: 1, severity: { URGENT: {} } },
      'NOTIFICATION_CONFIG: severity Unrecognized key: "URGENT"',
    ],
    [
      { version: 1, rules: [{ ruleId: "x", channnel: "#a" }] },
      'NOTIFICATION_CONFIG: rules[0] Unrecognized key: "channnel"',
    ],
    [
      { version: 1, default: { channel: "not a channel" } },
      "NOTIFICATION_CONFIG: default.channel must be a channel name such as #alerts",
    ],
    [{ version: 2 }, "NOTIFICATION_CONFIG: version"],
    ["version: [1", "NOTIFICATION_CONFIG: not YAML"],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => parseNotificationConfig(input, "NOTIFICATION_CONFIG")).toThrow(message);
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

  test("an empty config routes to the webhook's own channel with no mentions", () => {
    expect(routeFor(violation, parseNotificationConfig("version: 1"))).toEqual({
      channel: undefined,
      mentions: [],
      muted: false,
    });
  });
});
