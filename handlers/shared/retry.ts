/** How a handler retries a step that the SDK cannot retry for it (a streamed upload, a whole copy). */
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

/**
 * Runs `attempt` until it succeeds, fails with an error that `isRetryable` rejects, or runs out of
 * attempts; then rethrows the last error.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (attemptNumber >= policy.maxAttempts || !isRetryable(error)) throw error;
      // Exponential backoff with half jitter, so that throttled callers do not retry in step.
      const ceiling = policy.baseDelayMs * 2 ** (attemptNumber - 1);
      await policy.sleep(Math.round(ceiling / 2 + (policy.random() * ceiling) / 2));
    }
  }
}
