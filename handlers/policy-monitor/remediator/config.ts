import { optionalEnv, readEnv } from "../../shared/env";
import { REMEDIATOR_DEFAULTS, REMEDIATOR_ENV } from "../../../contracts/policy-monitor";
import { REMEDIATION_ACTIONS, type RemediationAction } from "../../../contracts/violation";

export interface RemediatorConfig {
  readonly auditBucket: string;
  /** Actions the remediator may perform; anything else is skipped. */
  readonly allowedActions: readonly RemediationAction[];
  /** When true, nothing is changed: the outcome says what would have been done. Defaults to `REMEDIATOR_DEFAULTS.dryRun`. */
  readonly dryRun: boolean;
  /** Principals never touched: ARN globs (`arn:aws:iam::*:role/break-glass*`) or name globs. */
  readonly protectedPrincipals: readonly string[];
  /** Whether an AWS managed policy may be detached from a principal. Defaults to `REMEDIATOR_DEFAULTS.detachAwsManagedPolicies`. */
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

/** Reads the remediator's settings from its environment; every bad value names its variable. */
export function remediatorConfigFromEnv(env: NodeJS.ProcessEnv): RemediatorConfig {
  return readEnv(env, (read) => {
    const allowedActions = list(env, REMEDIATOR_ENV.allowedActions).filter((action) => {
      const known = (REMEDIATION_ACTIONS as readonly string[]).includes(action);
      if (!known) {
        read.problem(
          `${REMEDIATOR_ENV.allowedActions}: "${action}" is not one of ${REMEDIATION_ACTIONS.join(", ")}`,
        );
      }
      return known;
    }) as RemediationAction[];
    return {
      auditBucket: read.required(REMEDIATOR_ENV.auditBucket),
      allowedActions,
      dryRun: read.boolean(REMEDIATOR_ENV.dryRun, REMEDIATOR_DEFAULTS.dryRun),
      protectedPrincipals: list(env, REMEDIATOR_ENV.protectedPrincipals),
      detachAwsManagedPolicies: read.boolean(
        REMEDIATOR_ENV.detachAwsManagedPolicies,
        REMEDIATOR_DEFAULTS.detachAwsManagedPolicies,
      ),
      notificationTopicArn: read.present(REMEDIATOR_ENV.notificationTopicArn),
      slackWebhookParameter: read.present(REMEDIATOR_ENV.slackWebhookParameter),
    };
  });
}
