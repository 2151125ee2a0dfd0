/**
 * How a handler retries a step that the SDK cannot retry for it (a streamed upload, a whole copy,
 * entries a batch call refused, a webhook).
 */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** The wait before the second attempt; it doubles before each further one. */
  readonly baseDelayMs: number;
  /** The longest wait, also the cap on a wait a failure asks for. Defaults to none. */
  readonly maxDelayMs?: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Returns [0, 1): the jitter. Without it every wait is the backoff itself. */
  readonly random?: () => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait after failed attempt `attemptNumber` (1 for the first): exponential, capped, jittered. */
export function backoffMs(policy: RetryPolicy, attemptNumber: number): number {
  const ceiling = Math.min(
    policy.baseDelayMs * 2 ** (attemptNumber - 1),
    policy.maxDelayMs ?? Number.POSITIVE_INFINITY,
  );
  if (!policy.random) return ceiling;
  // Half jitter, so that throttled callers do not retry in step.
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/**
 * Runs `attempt` (given its number, from 1) until it succeeds, fails with an error that
 * `isRetryable` rejects, or runs out of attempts; then rethrows the last error. Between attempts
 * it waits `backoffMs`, or what `requestedWaitMs` reads from the error (an HTTP `Retry-After`),
 * capped at `maxDelayMs`.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean = () => true,
  requestedWaitMs: (error: unknown) => number | undefined = () => undefined,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= policy.maxAttempts || !isRetryable(error)) throw error;
      const requested = requestedWaitMs(error);
      await policy.sleep(
        requested === undefined
          ? backoffMs(policy, attemptNumber)
          : Math.min(requested, policy.maxDelayMs ?? Number.POSITIVE_INFINITY),
      );
    }
  }
}
