import { backoffMs, withRetries, type RetryPolicy } from "./retry";

function policy(overrides: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const base: RetryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 100,
    sleep: async (ms) => void waits.push(ms),
    ...overrides,
  };
  return { policy: base, waits };
}

/** An attempt that fails with `errors` in turn, then returns the number of the attempt that passed. */
function failing(...errors: unknown[]) {
  const seen: number[] = [];
  const attempt = async (attemptNumber: number) => {
    seen.push(attemptNumber);
    if (errors.length > 0) throw errors.shift();
    return attemptNumber;
  };
  return { attempt, seen };
}

describe("backoffMs", () => {
  test.each<[Partial<RetryPolicy>, number[]]>([
    [{}, [100, 200, 400, 800]],
    [{ maxDelayMs: 300 }, [100, 200, 300, 300]],
    [{ random: () => 0 }, [50, 100, 200, 400]],
    [{ random: () => 0.5 }, [75, 150, 300, 600]],
    [{ random: () => 0.5, maxDelayMs: 300 }, [75, 150, 225, 225]],
  ])("%j", (overrides, waits) => {
    const { policy: p } = policy(overrides);
    expect([1, 2, 3, 4].map((attemptNumber) => backoffMs(p, attemptNumber))).toEqual(waits);
  });
});

describe("withRetries", () => {
  test("retries until an attempt passes, waiting the backoff between attempts", async () => {
    const { policy: p, waits } = policy();
    const { attempt, seen } = failing(new Error("a"), new Error("b"));
    await expect(withRetries(p, attempt)).resolves.toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([100, 200]);
  });

  test("rethrows the last error after maxAttempts, without a wait after it", async () => {
    const { policy: p, waits } = policy({ maxAttempts: 3 });
    const { attempt, seen } = failing(new Error("a"), new Error("b"), new Error("c"));
    await expect(withRetries(p, attempt)).rejects.toThrow("c");
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([100, 200]);
  });

  test("rethrows at once an error isRetryable rejects", async () => {
    const { policy: p, waits } = policy();
    const permanent = Object.assign(new Error("denied"), { name: "AccessDenied" });
    const { attempt, seen } = failing(new Error("a"), permanent);
    await expect(
      withRetries(p, attempt, (error) => (error as Error).name !== "AccessDenied"),
    ).rejects.toBe(permanent);
    expect(seen).toEqual([1, 2]);
    expect(waits).toEqual([100]);
  });

  test("waits what the error asks for instead, capped at maxDelayMs", async () => {
    const { policy: p, waits } = policy({ maxDelayMs: 5_000 });
    const asking = (ms: number) => Object.assign(new Error("slow down"), { retryAfterMs: ms });
    const { attempt } = failing(asking(2_000), new Error("plain"), asking(60_000));
    await withRetries(
      p,
      attempt,
      () => true,
      (error) => (error as { retryAfterMs?: number }).retryAfterMs,
    );
    expect(waits).toEqual([2_000, 200, 5_000]);
  });
});
