import type { IAMClient } from "@aws-sdk/client-iam";
import { CONFIG_BUCKET_KEYS } from "../../../contracts/policy-monitor";
import type { RemediationAction, Violation } from "../../../contracts/violation";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import { planRemediation } from "./actions";
import { isNoSuchEntity } from "./iam-lookups";
import { safetyRefusal } from "./safety";

/** The settings that decide a remediation (`remediator.yaml`, `CONFIG_BUCKET_KEYS.remediator`). */
export interface RemediationSettings {
  /** Actions the remediator may perform; any other suggestion is skipped. */
  readonly allowedActions: readonly RemediationAction[];
  /** When true, nothing is changed: the outcome says what would have been done. */
  readonly dryRun: boolean;
  /** Principals never touched: ARN globs or name globs. */
  readonly protectedPrincipals: readonly string[];
  /** Whether an AWS managed policy may be detached from a principal. */
  readonly detachAwsManagedPolicies: boolean;
}

export interface RemediateDeps {
  readonly iam: IAMClient;
  readonly config: RemediationSettings;
  readonly ownRoleName: string;
  readonly now: () => Date;
}

/**
 * Decides and (unless in dry run) performs the remediation of one violation: allowlist, safety
 * checks, a plan read from IAM's current state, then each change. Never throws for a refusal; an
 * AWS error while changing things yields a FAILURE outcome that lists the changes already made.
 */
export async function remediateViolation(
  violation: Violation,
  deps: RemediateDeps,
): Promise<RemediationOutcome> {
  const { config } = deps;
  const action = violation.suggestedAction ?? null;
  const outcome = (
    status: RemediationOutcome["status"],
    reason: string,
    changes: string[] = [],
  ): RemediationOutcome => ({
    violation,
    action,
    status,
    dryRun: config.dryRun,
    reason,
    changes,
    finishedAt: deps.now().toISOString(),
  });

  if (action === null) {
    return outcome("SKIPPED", `the violation suggests no action (${violation.suggestionReason})`);
  }
  if (!config.allowedActions.includes(action)) {
    return outcome(
      "SKIPPED",
      `${action} is not in allowedActions (${CONFIG_BUCKET_KEYS.remediator})`,
    );
  }
  let steps;
  try {
    const refusal = await safetyRefusal(violation, action, {
      iam: deps.iam,
      ownRoleName: deps.ownRoleName,
      protectedPrincipals: config.protectedPrincipals,
      detachAwsManagedPolicies: config.detachAwsManagedPolicies,
    });
    if (refusal) return outcome("SKIPPED", `safety check: ${refusal}`);
    steps = await planRemediation(deps.iam, violation, action, deps.now());
  } catch (error) {
    return outcome(
      "FAILURE",
      `reading IAM failed: ${(error as Error).name}: ${(error as Error).message}`,
    );
  }
  const planned = steps.map((step) => step.description);
  if (steps.length === 0) return outcome("SUCCESS", "already remediated: nothing to change");
  if (config.dryRun) return outcome("DRY_RUN", `dry run: would ${planned.join("; ")}`, planned);

  const done: string[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      // Someone (or a duplicate delivery) made this change first: the goal is reached.
      if (!isNoSuchEntity(error)) {
        const message = `${(error as Error).name}: ${(error as Error).message}`;
        return outcome("FAILURE", `failed to ${step.description}: ${message}`, done);
      }
    }
    done.push(step.description);
  }
  return outcome("SUCCESS", `${action} done`, done);
}
