import { booleanEnv, ConfigError, optionalEnv, requireEnv } from "../../shared/env";
import { REMEDIATION_ACTIONS, type RemediationAction } from "../../../contracts/violation";

export interface RemediatorConfig {
  readonly auditBucket: string;
  /** Actions the remediator may perform; anything else is skipped. */
  readonly allowedActions: readonly RemediationAction[];
  /** When true (the default), nothing is changed: the outcome says what would have been done. */
  readonly dryRun: boolean;
  /** Principals never touched: ARN globs (`arn:aws:iam::*:role/break-glass*`) or name globs. */
  readonly protectedPrincipals: readonly string[];
  /** Whether an AWS managed policy may be detached from a principal. Defaults to false. */
  readonly detachAwsManagedPolicies: boolean;
  readonly notificationTopicArn?: string;
  readonly slackWebhookParameter?: string;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return optionalEnv(env, name, "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads the remediator's settings from its environment; a bad value names the variable. */
export function remediatorConfigFromEnv(env: NodeJS.ProcessEnv): RemediatorConfig {
  const allowedActions = list(env, "ALLOWED_ACTIONS").map((action) => {
    if (!(REMEDIATION_ACTIONS as readonly string[]).includes(action)) {
      throw new ConfigError(
        `ALLOWED_ACTIONS: "${action}" is not one of ${REMEDIATION_ACTIONS.join(", ")}`,
      );
    }
    return action as RemediationAction;
  });
  return {
    auditBucket: requireEnv(env, "AUDIT_BUCKET"),
    allowedActions,
    dryRun: booleanEnv(env, "DRY_RUN", true),
    protectedPrincipals: list(env, "PROTECTED_PRINCIPALS"),
    detachAwsManagedPolicies: booleanEnv(env, "DETACH_AWS_MANAGED_POLICIES", false),
    notificationTopicArn: env.NOTIFICATION_TOPIC_ARN?.trim() || undefined,
    slackWebhookParameter: env.SLACK_WEBHOOK_PARAMETER?.trim() || undefined,
  };
}
