/** Error names AWS services give a request that was throttled: another attempt later may pass. */
const THROTTLING_ERRORS = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "ProvisionedThroughputExceededException",
  "PriorRequestNotComplete",
]);

/** Error names of a request that timed out or met a server fault. */
const TRANSIENT_ERRORS = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "InternalFailure",
  "ServiceUnavailable",
]);

/** Node's codes for a connection that broke or could not be opened. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * The same failures as Node says them in a message: the SDK turns an error it does not recognise
 * as an Error (one from another realm) into `AWS SDK error wrapper for …`, which keeps only the text.
 */
const NETWORK_ERROR_TEXT =
  /\b(socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/;

/** The HTTP status an AWS SDK error carries (`$metadata.httpStatusCode`); undefined for others. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Whether an SDK (or network) error is one that the same request may not meet again: throttling, a
 * 5xx, a timeout or a broken connection. What the SDK retries by itself, for a step it cannot retry.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, message, $retryable } = error as {
    name?: string;
    code?: string;
    message?: string;
    $retryable?: unknown;
  };
  const status = httpStatusOf(error) ?? 0;
  return (
    Boolean($retryable) ||
    status >= 500 ||
    status === 429 ||
    (name !== undefined && (THROTTLING_ERRORS.has(name) || TRANSIENT_ERRORS.has(name))) ||
    (code !== undefined && NETWORK_ERROR_CODES.has(code)) ||
    (typeof message === "string" && NETWORK_ERROR_TEXT.test(message))
  );
}

/** `Name: message` of an error, or its text when it is not an Error. */
export function describeError(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (typeof message !== "string") return String(error);
  return typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
}

/**
 * A step of a handler failed: the message says which step, on what (a bucket and key, a secret),
 * and the AWS error, which is kept as `cause`.
 */
export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step} failed: ${describeError(cause)}`, { cause });
    this.name = "StepFailedError";
  }
}

/** Runs one step; an error that is not already a StepFailedError becomes one naming the step. */
export async function atStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepFailedError) throw error;
    throw new StepFailedError(step, error);
  }
}
