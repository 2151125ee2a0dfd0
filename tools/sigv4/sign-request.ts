import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  /** Headers to sign beside `host` and `x-amz-date`. Defaults to none. */
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface SigningOptions {
  /** Static credentials or a provider such as `fromNodeProviderChain()`. */
  readonly credentials: ConstructorParameters<typeof SignatureV4>[0]["credentials"];
  readonly region: string;
  /** Defaults to `execute-api`, the service of API Gateway's IAM authorization. */
  readonly service?: string;
  /** The signing time. Defaults to now. */
  readonly signingDate?: Date;
  /**
   * Whether to add and sign `x-amz-content-sha256`. Defaults to false: API Gateway does not need it,
   * and AWS's published test vectors are computed without it.
   */
  readonly contentSha256Header?: boolean;
}

/**
 * Signs a request with AWS Signature Version 4 and returns the headers to send: the given ones plus
 * `host`, `x-amz-date`, `authorization` and, with temporary credentials, `x-amz-security-token`.
 */
export async function signRequest(
  request: SignableRequest,
  options: SigningOptions,
): Promise<Record<string, string>> {
  const { url } = request;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  const httpRequest = new HttpRequest({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { ...request.headers, host: url.host },
    body: request.body,
  });
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: options.service ?? "execute-api",
    sha256: Sha256,
    applyChecksum: options.contentSha256Header ?? false,
  });
  const signed = await signer.sign(httpRequest, { signingDate: options.signingDate });
  return signed.headers;
}
