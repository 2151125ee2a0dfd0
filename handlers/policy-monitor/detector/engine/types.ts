import type { Finding } from "../../../../contracts/violation";
import type { Rule } from "../../../../contracts/policy-monitor-config/rules-schema";

/** Permission policies (managed, inline) or a role's trust policy. */
export type DocumentKind = "identity" | "trust";

/** What the detector knows about the document beside its text; every field is optional. */
export interface DocumentContext {
  /** The 12-digit account the document belongs to; `principal: otherAccount` needs it. */
  readonly account?: string;
  /** The managed policy's ARN, when the document is a version of one. */
  readonly policyArn?: string;
  /** The user, group or role the document is embedded in or attached to. */
  readonly principalArn?: string;
  /**
   * The time conditions are judged at: an Allow whose Condition no request from then on can
   * satisfy grants nothing. Without it, time conditions count as satisfiable.
   */
  readonly now?: Date;
}

export interface RuleHit {
  readonly rule: Rule;
  readonly findings: Finding[];
}
