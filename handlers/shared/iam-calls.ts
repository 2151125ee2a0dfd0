/**
 * The IAM side of a handler's AWS calls: each handler folder keeps an `iam-calls.ts` with one row
 * per SDK command it sends, and `test/iam-tables.test.ts` checks the rows against the statements
 * its component grants, both ways. Whoever adds a command adds its row.
 *
 * A `resource` is an example ARN of what the call touches, written with placeholders that the test
 * fills from the planned function: `{env:NAME}` is its environment variable NAME (a comma list
 * gives one ARN per item), `{region}`, `{account}` and `{functionName}` are its own, and any other
 * `{name}` is a value the test takes from the plan for that handler (a KMS key or topic ARN).
 */
export interface IamNeed {
  readonly action: string;
  readonly resource: string;
  /** Condition keys and values IAM evaluates for this call, e.g. `{ "s3:prefix": "…" }`. */
  readonly context?: Readonly<Record<string, string>>;
  /** Why the call needs this action although it is not the command's own (SSE-KMS, CopyObject…). */
  readonly implied?: string;
  /** Set when the component deliberately does not grant it: what the handler does without it. */
  readonly withheld?: string;
  /**
   * The component configuration that makes the call need this, when not every one does (`a
   * customer managed key`); the test plans each such configuration by this name.
   */
  readonly only?: string;
}

export interface IamCall {
  /** The command's class name, as the handler writes `new <command>(`. */
  readonly command: string;
  readonly needs: readonly IamNeed[];
}
