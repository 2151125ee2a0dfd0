import { signRequest, type SigningOptions } from "./sign-request";

export interface CallApiOptions {
  /** The endpoint, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects`. */
  readonly url: string;
  readonly prefix?: string;
  readonly maxKeys?: string;
  readonly continuationToken?: string;
  /** Defaults to the region in an `execute-api` host name. */
  readonly region?: string;
  readonly credentials: SigningOptions["credentials"];
  readonly fetch?: typeof fetch;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Raised when the command line cannot make a request: the message says which flag is wrong. */
export class CallApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallApiError";
  }
}

/**
 * Raised when no response came back (no network, a name that does not resolve, a refused
 * connection, a TLS failure): names the endpoint and the network's reason, where fetch itself
 * says only "fetch failed".
 */
export class EndpointUnreachableError extends Error {
  constructor(url: URL, error: unknown) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason =
      typeof cause?.message === "string" ? cause.message : String((error as Error).message);
    super(`could not reach ${url.origin}${url.pathname}: ${reason}`, { cause: error });
    this.name = "EndpointUnreachableError";
  }
}

/** `<apiId>.execute-api.<region>.amazonaws.com` → `<region>`. */
export function regionOfEndpoint(url: URL): string | undefined {
  return /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
}

/** Signs `GET <url>?prefix=…` with SigV4 for `execute-api` and returns the status and JSON body. */
export async function callApi(options: CallApiOptions): Promise<ApiResponse> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CallApiError(`--url ${options.url} is not a URL`);
  }
  if (url.protocol !== "https:") throw new CallApiError(`--url must be https, got ${url.protocol}`);
  const region = options.region ?? regionOfEndpoint(url);
  if (!region) throw new CallApiError(`--region is required: ${url.hostname} names no region`);
  const query = {
    prefix: options.prefix,
    maxKeys: options.maxKeys,
    continuationToken: options.continuationToken,
  };
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const headers = await signRequest(
    { method: "GET", url, headers: { accept: "application/json" } },
    { credentials: options.credentials, region },
  );
  const response = await (options.fetch ?? fetch)(url, { method: "GET", headers }).catch(
    (error: unknown) => {
      throw new EndpointUnreachableError(url, error);
    },
  );
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page of a proxy, say): printed as text.
  }
  return { status: response.status, body };
}
