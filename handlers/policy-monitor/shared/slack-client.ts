import { SLACK_MAX_ATTEMPTS } from "../../../contracts/policy-monitor";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
import { sleep, withRetries, type RetryPolicy } from "../../shared/retry";

/** Raised when Slack refuses a message or keeps failing past the retry bound. Never holds the URL. */
export class SlackDeliveryError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "SlackDeliveryError";
  }
}

export interface SlackPostOptions {
  /** Attempts in all, the first included. Defaults to `SLACK_MAX_ATTEMPTS.default`. */
  readonly maxAttempts?: number;
  /** The first backoff; it doubles per attempt. Defaults to 500 ms. */
  readonly baseDelayMs?: number;
  /** The longest wait, also the cap on `Retry-After`. Defaults to 20 s. */
  readonly maxDelayMs?: number;
  /** Per-request timeout. Defaults to 5 s. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetchFn?: typeof fetch;
}

/** An answer worth another attempt (429, 5xx), with the wait a 429's `Retry-After` asks for. */
class RetryableAnswer extends Error {
  constructor(readonly retryAfterMs?: number) {
    super("Slack webhook answered with a retryable status");
  }
}

/** `Retry-After` in seconds (Slack sends seconds), or undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Posts a message to a Slack incoming webhook. Retries on 429 (waiting what `Retry-After` says, up to
 * `maxDelayMs`), on 5xx and on network errors, with exponential backoff; fails at once on other 4xx.
 * After `maxAttempts` it throws, so that the invocation fails and EventBridge/Lambda retry it or
 * dead-letter it. The webhook URL is a secret: no message or error here contains it.
 */
export async function postToSlack(
  webhookUrl: string,
  payload: unknown,
  options: SlackPostOptions = {},
): Promise<{ attempts: number }> {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? SLACK_MAX_ATTEMPTS.default,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    sleep: options.sleep ?? sleep,
  };
  const fetchFn = options.fetchFn ?? fetch;
  let lastProblem = "";
  const post = async (attempt: number) => {
    let response: Response;
    let body: string;
    try {
      response = await fetchFn(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      body = (await response.text()).slice(0, 200);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      lastProblem = `network error ${(error as Error).name}${cause ? ` (${cause})` : ""}`;
      throw error;
    }
    if (response.ok) return { attempts: attempt };
    lastProblem = `HTTP ${response.status} ${body}`.trim();
    if (response.status === 429) {
      throw new RetryableAnswer(retryAfterMs(response.headers.get("retry-after")));
    }
    if (response.status < 500) {
      throw new SlackDeliveryError(`Slack webhook refused the message: ${lastProblem}`, attempt);
    }
    throw new RetryableAnswer();
  };
  try {
    return await withRetries(
      policy,
      post,
      (error) => !(error instanceof SlackDeliveryError),
      (error) => (error instanceof RetryableAnswer ? error.retryAfterMs : undefined),
    );
  } catch (error) {
    if (error instanceof SlackDeliveryError) throw error;
    throw new SlackDeliveryError(
      `Slack webhook failed ${policy.maxAttempts} times, last: ${lastProblem}`,
      policy.maxAttempts,
    );
  }
}

/**
 * Reads the webhook URL from an SSM SecureString (decrypted, cached for `maxAgeSeconds`). The URL
 * is returned to the caller only: it is never put in env vars or logs.
 */
export function webhookUrlLoader(
  ssm: SSMClient,
  parameterName: string,
  maxAgeSeconds = 300,
): () => Promise<string> {
  const provider = new SSMProvider({ awsSdkV3Client: ssm });
  return async () => {
    const value = await provider.get(parameterName, { decrypt: true, maxAge: maxAgeSeconds });
    if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value.trim())) {
      throw new SlackDeliveryError(
        `SSM parameter ${parameterName} does not hold a webhook URL (http(s)://…)`,
        0,
      );
    }
    return value.trim();
  };
}
