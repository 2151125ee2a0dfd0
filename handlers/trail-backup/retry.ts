import { withRetries as retrying, type RetryPolicy } from "../shared/retry";

export { sleep, type RetryPolicy } from "../shared/retry";

/** Errors that another attempt cannot fix: permissions, a vanished or archived source, a long key. */
const PERMANENT_ERRORS = new Set([
  "AccessDenied",
  "NoSuchKey",
  "NoSuchBucket",
  "InvalidObjectState",
  "ObjectNotInActiveTierError",
  "KeyTooLongError",
]);

/**
 * Runs a copy until it succeeds, fails permanently or runs out of attempts (then rethrows). Every
 * other error is retried: a copy rewrites the same key, so repeating one is harmless.
 */
export function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  return retrying(policy, attempt, (error) => !PERMANENT_ERRORS.has((error as Error).name));
}
