import type * as pulumi from "@pulumi/pulumi";
import { componentArgsError } from "../core/errors";

export interface AlertsArgs {
  /** Addresses the alerts topic emails; each must confirm its subscription. Defaults to none. */
  readonly emails?: string[];
  /**
   * The Slack workspace (team) id, e.g. `T0123ABCD`, authorized once in the AWS Chatbot console:
   * alerts then also post to `slackChannelId` through AWS Chatbot. Defaults to none (no Slack).
   */
  readonly slackWorkspaceId?: string;
  /** The Slack channel id, e.g. `C0456EFGH`; needs `slackWorkspaceId`. Defaults to none. */
  readonly slackChannelId?: string;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of an Alerts cannot reach anyone; the message names the field. */
export const AlertsArgsError = componentArgsError("Alerts");
export type AlertsArgsError = InstanceType<typeof AlertsArgsError>;

/** Checks what the types cannot: someone is told, and Slack has both its ids. */
export function validateAlertsArgs(name: string, args: AlertsArgs): void {
  if ((args.slackWorkspaceId === undefined) !== (args.slackChannelId === undefined)) {
    throw new AlertsArgsError(name, "slackWorkspaceId and slackChannelId go together");
  }
  if ((args.emails ?? []).length === 0 && args.slackWorkspaceId === undefined) {
    throw new AlertsArgsError(
      name,
      "emails or slackWorkspaceId must be given: alerts must reach someone",
    );
  }
}
