import { z } from "zod";
import type { AlertsArgs } from "../components/alerts/args";

const count = z.number().int().min(1);

/**
 * `opsguard:alerts`: where every component's failure alarms go (one encrypted SNS topic with email
 * subscriptions and, optionally, a Slack channel through AWS Chatbot), and when they fire.
 */
export const alertsConfigSchema = z.strictObject({
  emails: z.array(z.email()).optional(),
  slack: z.strictObject({ workspaceId: z.string(), channelId: z.string() }).optional(),
  thresholds: z
    .strictObject({
      functionErrors: count.optional(),
      evaluationPeriods: count.optional(),
      datapointsToAlarm: count.optional(),
      deadLetters: count.optional(),
      failureCount: count.optional(),
    })
    .optional(),
});

export type AlertsStackConfig = z.infer<typeof alertsConfigSchema>;

/** The Alerts component's args from the validated stack config. */
export function alertsArgsFromConfig(config: AlertsStackConfig): AlertsArgs {
  return {
    emails: config.emails,
    slackWorkspaceId: config.slack?.workspaceId,
    slackChannelId: config.slack?.channelId,
  };
}
