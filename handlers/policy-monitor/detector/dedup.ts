import { createHash } from "node:crypto";
import type { Violation } from "../../../contracts/violation";
import { ruleIdsOf } from "../../../contracts/violation";
import { targetKey } from "./violations";

/**
 * Drops a violation when an identical event (another CloudTrail event id with the same account,
 * call, target, document and rules) was judged within the window. `claim` answers the id of the
 * earlier violation it repeats, or undefined when this one is new and must be published.
 */
export interface DuplicateFilter {
  claim(violation: Violation, fingerprint: string): Promise<string | undefined>;
}

/** What makes two events identical: the same change, whoever or whenever made it. */
export function fingerprintOf(violation: Violation, statements: readonly unknown[]): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        violation.accountId,
        violation.eventName,
        targetKey(violation.target),
        statements,
        ruleIdsOf(violation),
      ]),
    )
    .digest("hex");
}
