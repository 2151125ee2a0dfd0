import type { Logger } from "@aws-lambda-powertools/logger";
import { RESPONDER_METRICS } from "../../../contracts/policy-monitor";
import { ruleIdsOf } from "../../../contracts/violation";
import type { MetricsSink } from "../shared/metrics";
import { postToSlack, type SlackPostOptions } from "../shared/slack-client";
import { parseViolationEvent } from "../shared/violation-event";
import { routeFor, type NotificationConfig } from "./notification-config";
import { violationSlackMessage } from "./slack-message";

export interface SlackNotifierDeps {
  /** Reads the webhook URL (from SSM); called only when a message is sent. */
  readonly webhookUrl: () => Promise<string>;
  readonly config: NotificationConfig;
  readonly metrics: MetricsSink;
  readonly logger: Pick<Logger, "info">;
  readonly postOptions?: SlackPostOptions;
}

export type SlackResult =
  | { readonly sent: true; readonly attempts: number; readonly channel?: string }
  | { readonly sent: false; readonly reason: "muted" };

/**
 * Sends one violation event to Slack as one message listing all its rules, routed by
 * notification-config (by its highest severity and any of its rule ids). Throws when Slack keeps
 * failing, so that the asynchronous invocation is retried and then dead-lettered.
 */
export async function notifySlack(event: unknown, deps: SlackNotifierDeps): Promise<SlackResult> {
  const violation = parseViolationEvent(event);
  const route = routeFor(violation, deps.config);
  const context = {
    violationId: violation.violationId,
    ruleIds: ruleIdsOf(violation),
    severity: violation.severity,
  };
  if (route.muted) {
    deps.metrics.addMetric(RESPONDER_METRICS.slackNotificationsMuted, "Count", 1);
    deps.logger.info("slack notification muted by notification-config", context);
    return { sent: false, reason: "muted" };
  }
  const message = violationSlackMessage(violation, route);
  const { attempts } = await postToSlack(await deps.webhookUrl(), message, deps.postOptions);
  deps.metrics.addMetric(RESPONDER_METRICS.slackNotificationsSent, "Count", 1);
  deps.logger.info("slack notification sent", { ...context, channel: route.channel, attempts });
  return { sent: true, attempts, channel: route.channel };
}
