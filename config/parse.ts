import type { z } from "zod";
import { formatIssues } from "../contracts/zod-issues";

/** Raised when the stack config is missing a key or holds a bad value; the message names the key. */
export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

/**
 * Validates one stack-config object (`opsguard:<key>` in `Pulumi.<stack>.yaml`) against its schema.
 * Every problem is reported with the full key path: `opsguard:codeWatcher.schedule: expected string`.
 */
export function parseConfigObject<T extends z.ZodType>(
  key: string,
  schema: T,
  value: unknown,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = formatIssues(result.error, { root: [key], style: "dots" });
  throw new StackConfigError(`invalid stack config:\n  ${problems.join("\n  ")}`);
}
