import { CONFIG_BUCKET_KEYS } from "../../../contracts/policy-monitor";
import {
  parseNotificationConfigFile,
  type NotificationConfig,
} from "../../../contracts/policy-monitor-config/notification-schema";
import { ruleIdsOf, type Violation } from "../../../contracts/violation";
import { matchesGlob } from "../../../policy-pack/lib/iam/glob";

export type { NotificationConfig };

export interface SlackRoute {
  readonly channel?: string;
  readonly mentions: readonly string[];
  readonly muted: boolean;
}

/**
 * Validates a routing config, YAML text or an already parsed object, with the schema the component
 * checks it with; a bad one fails with a `ConfigFileError` naming the field:
 * `<source>: default.channel must be a channel name such as #alerts`.
 */
export function parseNotificationConfig(
  input: unknown,
  source: string = CONFIG_BUCKET_KEYS.notificationConfig,
): NotificationConfig {
  // JSON is YAML: an object goes through the one parser too.
  return parseNotificationConfigFile(
    typeof input === "string" ? input : JSON.stringify(input),
    source,
  );
}

/**
 * The route of a violation: default, then its (highest) severity, then the first `rules` entry,
 * in file order, whose `ruleId` glob matches any of the violation's rule ids.
 */
export function routeFor(violation: Violation, config: NotificationConfig): SlackRoute {
  const ruleIds = ruleIdsOf(violation);
  const layers = [
    config.default,
    config.severity[violation.severity] ?? {},
    config.rules.find((entry) => ruleIds.some((id) => matchesGlob(entry.ruleId, id))) ?? {},
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
