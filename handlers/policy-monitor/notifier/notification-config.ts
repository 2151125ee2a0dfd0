import { load } from "js-yaml";
import {
  notificationConfigSchema,
  type NotificationConfig,
} from "../../../contracts/policy-monitor-config/notification-schema";
import type { Violation } from "../../../contracts/violation";
import { matchesGlob } from "../../../policy-pack/lib/iam/glob";

/** Raised when notification-config.yaml is malformed; names the bad field. */
export class NotificationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotificationConfigError";
  }
}

export type { NotificationConfig };

export interface SlackRoute {
  readonly channel?: string;
  readonly mentions: readonly string[];
  readonly muted: boolean;
}

/** Validates a parsed config (an object, or YAML/JSON text). */
export function parseNotificationConfig(input: unknown, source = "notification-config.yaml") {
  let value = input;
  if (typeof input === "string") {
    try {
      value = load(input);
    } catch (error) {
      throw new NotificationConfigError(`${source}: not YAML: ${(error as Error).message}`);
    }
  }
  const parsed = notificationConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`));
    throw new NotificationConfigError(
      `${source}: ${path.join("").slice(1) || "(root)"} ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The route of a violation: default, then its severity, then the first matching rule entry. */
export function routeFor(violation: Violation, config: NotificationConfig): SlackRoute {
  const layers = [
    config.default,
    config.severity[violation.severity] ?? {},
    config.rules.find((rule) => matchesGlob(rule.ruleId, violation.ruleId)) ?? {},
  ];
  let route: SlackRoute = { mentions: [], muted: false };
  for (const layer of layers) {
    route = {
      channel: layer.channel ?? route.channel,
      mentions: layer.mentions ?? route.mentions,
      muted: layer.mute ?? route.muted,
    };
  }
  return route;
}
