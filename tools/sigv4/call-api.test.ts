import { createServer } from "node:net";
import { callApi, CallApiError, EndpointUnreachableError, regionOfEndpoint } from "./call-api";

const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "secret",
  sessionToken: "token",
};

function recordingFetch(status: number, body: string) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fake = (async (url: URL, init: RequestInit) => {
    calls.push({ url: url.toString(), init });
    return new Response(body, { status });
  }) as unknown as typeof fetch;
  return { fake, calls };
}

describe("callApi", () => {
  test("sends a signed GET with the query and returns the parsed body", async () => {
    const { fake, calls } = recordingFetch(200, '{"objects":[],"isTruncated":false}');
    const result = await callApi({
      url: "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects",
      prefix: "reports/2025/",
      maxKeys: "10",
      credentials: CREDENTIALS,
      fetch: fake,
    });
    expect(result).toEqual({ status: 200, body: { objects: [], isTruncated: false } });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(
      "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects?prefix=reports%2F2025%2F&maxKeys=10",
    );
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers["x-amz-security-token"]).toBe("token");
  });

  test("a 403 with a non-JSON body is returned as text", async () => {
    const { fake } = recordingFetch(403, "Forbidden");
    await expect(
      callApi({
        url: "https://abc123.execute-api.us-east-1.amazonaws.com/v1/objects",
        credentials: CREDENTIALS,
        fetch: fake,
      }),
    ).resolves.toEqual({ status: 403, body: "Forbidden" });
  });

  test.each([
    ["not a url", undefined, "--url not a url is not a URL"],
    [
      "http://abc123.execute-api.us-east-1.amazonaws.com/v1/objects",
      undefined,
      "--url must be https, got http:",
    ],
    [
      "https://api.example.com/v1/objects",
      undefined,
      "--region is required: api.example.com names no region",
    ],
  ])("%s is refused", async (url, region, message) => {
    await expect(callApi({ url, region, credentials: CREDENTIALS })).rejects.toThrow(
      new CallApiError(message),
    );
  });

  test("the region comes from an execute-api host name only", () => {
    expect(regionOfEndpoint(new URL("https://a1.execute-api.ap-southeast-2.amazonaws.com/x"))).toBe(
      "ap-southeast-2",
    );
    expect(regionOfEndpoint(new URL("https://api.example.com/"))).toBeUndefined();
  });

  test("a host that does not resolve is named, with the resolver's reason", async () => {
    const offline = (async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(
          new Error("getaddrinfo ENOTFOUND abc123.execute-api.eu-west-1.amazonaws.com"),
          { code: "ENOTFOUND" },
        ),
      });
    }) as unknown as typeof fetch;

    const call = callApi({
      url: "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects",
      prefix: "reports/",
      credentials: CREDENTIALS,
      fetch: offline,
    });

    await expect(call).rejects.toThrow(EndpointUnreachableError);
    await expect(call).rejects.toThrow(
      "could not reach https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects: " +
        "getaddrinfo ENOTFOUND abc123.execute-api.eu-west-1.amazonaws.com",
    );
  });

  test("a refused connection is named, with Node's own fetch", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));

    await expect(
      callApi({
        url: `https://127.0.0.1:${port}/v1/objects`,
        region: "eu-west-1",
        credentials: CREDENTIALS,
      }),
    ).rejects.toThrow(
      `could not reach https://127.0.0.1:${port}/v1/objects: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
