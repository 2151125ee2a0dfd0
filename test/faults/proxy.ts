import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import { freePort } from "../harness/free-port";
import { motoEndpoint } from "../harness/moto";

/**
 * What the proxy does to a request it matches. `drop` closes the connection before moto sees the
 * request; `lost-answer` lets moto handle it and then closes the connection, so the write happened
 * and the client never hears of it.
 */
export type Fault = "500" | "503-slowdown" | "throttle" | "drop" | "lost-answer";

export interface FaultRule {
  /** The API operation, as the SDK command is named without `Command`: `PutObject`, `UploadPart`. */
  readonly operation: string;
  readonly fault: Fault;
  /** How many matching requests get the fault; the rest pass through. */
  readonly times: number | "always";
  /** Only requests whose decoded path contains this: one key among several written by one operation. */
  readonly pathIncludes?: string;
}

export interface ProxiedRequest {
  readonly operation: string;
  readonly method: string;
  /** The decoded path, without the query. */
  readonly path: string;
  readonly fault?: Fault;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the endpoint of SDK clients under test. */
  readonly endpoint: string;
  /** Replaces the rules; a rule is used up after `times` matching requests. */
  inject(...rules: FaultRule[]): void;
  /** Forgets the rules and the requests seen. */
  reset(): void;
  /** Every request seen since the last reset, in arrival order. */
  readonly requests: readonly ProxiedRequest[];
  /** How many requests of this operation arrived (faulted ones included), on paths holding `pathIncludes`. */
  count(operation: string, pathIncludes?: string): number;
  close(): Promise<void>;
}

/** A request larger than this is refused: every body passes through memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Protocol = "s3" | "rest-json" | "json" | "query";

interface Classified {
  readonly protocol: Protocol;
  readonly operation: string;
}

/** The signing service of a SigV4 `Authorization` header: `…/us-east-1/s3/aws4_request`. */
function signingService(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(
    headers.authorization ?? "",
  )?.[1];
}

function s3Operation(method: string, path: string, query: URLSearchParams, copy: boolean): string {
  const [bucket, ...keyParts] = path.replace(/^\//, "").split("/");
  const hasKey = keyParts.join("/").length > 0;
  if (!bucket) return "ListBuckets";
  if (!hasKey) {
    const sub = ["versioning", "versions", "uploads", "policy", "lifecycle", "encryption"].find(
      (name) => query.has(name),
    );
    if (sub === "versioning")
      return method === "GET" ? "GetBucketVersioning" : "PutBucketVersioning";
    if (sub === "versions") return "ListObjectVersions";
    if (sub === "uploads") return "ListMultipartUploads";
    if (method === "GET") return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    if (method === "PUT") return "CreateBucket";
    if (method === "HEAD") return "HeadBucket";
    if (method === "DELETE") return "DeleteBucket";
    if (method === "POST" && query.has("delete")) return "DeleteObjects";
    return `${method} bucket`;
  }
  if (method === "POST" && query.has("uploads")) return "CreateMultipartUpload";
  if (method === "POST" && query.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE" && query.has("uploadId")) return "AbortMultipartUpload";
  if (method === "PUT" && query.has("partNumber")) return copy ? "UploadPartCopy" : "UploadPart";
  if (method === "PUT" && query.has("tagging")) return "PutObjectTagging";
  if (method === "PUT") return copy ? "CopyObject" : "PutObject";
  if (method === "GET" && query.has("uploadId")) return "ListParts";
  if (method === "GET" && query.has("tagging")) return "GetObjectTagging";
  if (method === "GET") return "GetObject";
  if (method === "HEAD") return "HeadObject";
  if (method === "DELETE") return "DeleteObject";
  return `${method} object`;
}

/** Lambda's REST paths: `/2015-03-31/functions/<name>[/invocations|/versions]`. */
function lambdaOperation(method: string, path: string): string {
  const parts = path.split("/").filter(Boolean);
  if (parts[1] !== "functions") return `${method} ${path}`;
  if (parts.length === 2) return method === "GET" ? "ListFunctions" : "CreateFunction";
  const tail = parts[3];
  if (!tail && method === "GET") return "GetFunction";
  if (!tail && method === "DELETE") return "DeleteFunction";
  if (tail === "invocations") return "Invoke";
  if (tail === "versions") return method === "POST" ? "PublishVersion" : "ListVersionsByFunction";
  if (tail === "code") return "UpdateFunctionCode";
  if (tail === "configuration") {
    return method === "GET" ? "GetFunctionConfiguration" : "UpdateFunctionConfiguration";
  }
  return `${method} ${path}`;
}

function classify(
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Classified {
  const target = headers["x-amz-target"];
  if (typeof target === "string") {
    return { protocol: "json", operation: target.slice(target.lastIndexOf(".") + 1) };
  }
  const service = signingService(headers);
  if (service === "s3") {
    return {
      protocol: "s3",
      operation: s3Operation(method, path, query, headers["x-amz-copy-source"] !== undefined),
    };
  }
  if (service === "lambda")
    return { protocol: "rest-json", operation: lambdaOperation(method, path) };
  const action =
    query.get("Action") ??
    (String(headers["content-type"]).startsWith("application/x-www-form-urlencoded")
      ? new URLSearchParams(body.toString("utf8")).get("Action")
      : null);
  if (action) return { protocol: "query", operation: action };
  return { protocol: "rest-json", operation: `${method} ${path}` };
}

interface ErrorShape {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

function errorShape(fault: "500" | "503-slowdown" | "throttle", protocol: Protocol): ErrorShape {
  if (fault === "500") {
    return protocol === "s3"
      ? { status: 500, code: "InternalError", message: "We encountered an internal error." }
      : protocol === "rest-json"
        ? { status: 500, code: "ServiceException", message: "Internal failure" }
        : { status: 500, code: "InternalFailure", message: "Internal failure" };
  }
  if (protocol === "s3") {
    return { status: 503, code: "SlowDown", message: "Please reduce your request rate." };
  }
  if (fault === "503-slowdown") {
    return { status: 503, code: "ServiceUnavailable", message: "Service unavailable" };
  }
  if (protocol === "json")
    return { status: 400, code: "ThrottlingException", message: "Rate exceeded" };
  if (protocol === "query") return { status: 400, code: "Throttling", message: "Rate exceeded" };
  return { status: 429, code: "TooManyRequestsException", message: "Rate exceeded" };
}

function sendError(response: ServerResponse, protocol: Protocol, shape: ErrorShape): void {
  const { status, code, message } = shape;
  let contentType = "application/xml";
  let body: string;
  if (protocol === "s3") {
    body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;
  } else if (protocol === "query") {
    body = `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
    contentType = "text/xml";
  } else {
    body = JSON.stringify({ __type: code, message });
    contentType = protocol === "json" ? "application/x-amz-json-1.1" : "application/json";
  }
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": code,
    "x-amzn-requestid": "fault-proxy",
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners("data");
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

interface MotoAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function forward(
  target: URL,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<MotoAnswer> {
  const forwarded: IncomingHttpHeaders = { ...headers, "content-length": String(body.length) };
  delete forwarded["transfer-encoding"];
  delete forwarded.expect;
  delete forwarded.connection;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method, path: url, headers: forwarded },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () =>
          resolve({
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: Buffer.concat(chunks),
          }),
        );
        answer.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/**
 * Starts an HTTP proxy on loopback in front of this Jest worker's moto server. It names each
 * request's operation (S3 by method, path and query; JSON protocols by `X-Amz-Target`; query
 * protocols by `Action`; Lambda by its REST path), counts them and applies the first rule that
 * matches. Bodies are read whole before anything else happens, as S3 reads an upload before it
 * answers.
 */
export async function startFaultProxy(target = motoEndpoint()): Promise<FaultProxy> {
  const upstream = new URL(target);
  const port = await freePort();
  let rules: { rule: FaultRule; left: number }[] = [];
  let requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const take = (operation: string, path: string): Fault | undefined => {
    const match = rules.find(
      ({ rule, left }) =>
        rule.operation === operation &&
        left > 0 &&
        (rule.pathIncludes === undefined || path.includes(rule.pathIncludes)),
    );
    if (!match) return undefined;
    match.left--;
    return match.rule.fault;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://proxy");
    const path = decodeURIComponent(url.pathname);
    const body = await readBody(request);
    if (!body) {
      response.writeHead(413).end();
      return;
    }
    const { protocol, operation } = classify(method, path, url.searchParams, request.headers, body);
    const fault = take(operation, path);
    requests.push({ operation, method, path, ...(fault ? { fault } : {}) });

    if (fault === "drop") {
      request.socket.destroy();
      return;
    }
    if (fault === "500" || fault === "503-slowdown" || fault === "throttle") {
      sendError(response, protocol, errorShape(fault, protocol));
      return;
    }
    const answer = await forward(upstream, method, request.url ?? "/", request.headers, body);
    if (fault === "lost-answer") {
      request.socket.destroy();
      return;
    }
    const headers: IncomingHttpHeaders = { ...answer.headers };
    delete headers.connection;
    if (headers["transfer-encoding"]) {
      delete headers["transfer-encoding"];
      headers["content-length"] = String(answer.body.length);
    }
    response.writeHead(answer.status, headers as Record<string, string | string[]>);
    response.end(method === "HEAD" ? undefined : answer.body);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject: (...newRules) => {
      rules = newRules.map((rule) => ({
        rule,
        left: rule.times === "always" ? Number.POSITIVE_INFINITY : rule.times,
      }));
    },
    reset: () => {
      rules = [];
      requests = [];
    },
    get requests() {
      return requests;
    },
    count: (operation, pathIncludes) =>
      requests.filter(
        (seen) =>
          seen.operation === operation &&
          (pathIncludes === undefined || seen.path.includes(pathIncludes)),
      ).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
