import type { RemediationAction, Violation } from "../../../contracts/violation";

/**
 * What the remediator did with one violation. SUCCESS: the change was made (or was already in
 * place); DRY_RUN: it would have been made; SKIPPED: refused by the allowlist or a safety check;
 * FAILURE: an AWS call failed (the record is retried, then dead-lettered).
 */
export type RemediationStatus = "SUCCESS" | "DRY_RUN" | "SKIPPED" | "FAILURE";

export interface RemediationOutcome {
  readonly violation: Violation;
  readonly action: RemediationAction | null;
  readonly status: RemediationStatus;
  readonly dryRun: boolean;
  /** Why it was skipped or failed, or what was (or would have been) changed. */
  readonly reason: string;
  /** The IAM changes made or planned, e.g. `DetachRolePolicy role/app arn:…:policy/x`. */
  readonly changes: readonly string[];
  readonly finishedAt: string;
}
