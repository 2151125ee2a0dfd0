/** Errors that another attempt cannot fix: permissions, a vanished object, an archived source. */
const PERMANENT_ERRORS = new Set([
  "AccessDenied",
  "NoSuchKey",
  "NoSuchBucket",
  "InvalidObjectState",
  "ObjectNotInActiveTierError",
]);

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** The wait before the second attempt; it doubles before each further one. */
  readonly baseDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Returns [0, 1): the jitter. */
  readonly random: () => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails permanently or runs out of attempts (then rethrows). */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      const name = (error as Error).name;
      if (attemptNumber >= policy.maxAttempts || PERMANENT_ERRORS.has(name)) throw error;
      // Exponential backoff with half jitter, so that throttled copies do not retry in step.
      const ceiling = policy.baseDelayMs * 2 ** (attemptNumber - 1);
      await policy.sleep(Math.round(ceiling / 2 + (policy.random() * ceiling) / 2));
    }
  }
}
