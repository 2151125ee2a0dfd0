import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { signRequest } from "./sign-request";

const SUITE = join(__dirname, "..", "..", "test", "fixtures", "sigv4");
const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SIGNING_DATE = new Date("2015-08-30T12:36:00Z");
const VECTORS = [
  "get-vanilla",
  "get-vanilla-query-order-key-case",
  "get-vanilla-empty-query-key",
  "post-vanilla",
  "post-x-www-form-urlencoded",
];

const read = (name: string, extension: string) =>
  readFileSync(join(SUITE, name, `${name}.${extension}`), "utf8");

/** Parses a `.req` file of the suite: request line, `Name:value` headers, a blank line, the body. */
function parseRequest(text: string) {
  const [head, body] = text.split("\n\n", 2);
  const [requestLine, ...headerLines] = head.split("\n");
  const [method, target] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const separator = line.indexOf(":");
    headers[line.slice(0, separator).toLowerCase()] = line.slice(separator + 1);
  }
  return { method, url: new URL(`https://${headers.host}${target}`), headers, body };
}

const hmac = (key: string | Buffer, data: string) =>
  createHmac("sha256", key).update(data).digest();

describe("SigV4 test suite vectors", () => {
  test.each(VECTORS)("%s: the vector is self-consistent (creq → sts → signature)", (name) => {
    const creq = read(name, "creq");
    const sts = read(name, "sts").split("\n");
    expect(sts.slice(0, 3)).toEqual([
      "AWS4-HMAC-SHA256",
      "20150830T123600Z",
      "20150830/us-east-1/service/aws4_request",
    ]);
    expect(sts[3]).toBe(createHash("sha256").update(creq).digest("hex"));

    let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, "20150830");
    for (const part of ["us-east-1", "service", "aws4_request"]) key = hmac(key, part);
    const signature = hmac(key, sts.join("\n")).toString("hex");
    expect(read(name, "authz")).toMatch(new RegExp(`, Signature=${signature}$`));
  });

  test.each(VECTORS)("%s: signRequest gives the published Authorization header", async (name) => {
    const { method, url, headers, body } = parseRequest(read(name, "req"));
    const { host: _host, "x-amz-date": _date, ...otherHeaders } = headers;
    const signed = await signRequest(
      { method, url, headers: otherHeaders, body },
      {
        credentials: CREDENTIALS,
        region: "us-east-1",
        service: "service",
        signingDate: SIGNING_DATE,
      },
    );
    expect(signed.authorization).toBe(read(name, "authz"));
    expect(signed["x-amz-date"]).toBe("20150830T123600Z");
    expect(signed.host).toBe("example.amazonaws.com");
  });
});

describe("signRequest for API Gateway", () => {
  test("signs for execute-api, adds the session token of temporary credentials", async () => {
    const signed = await signRequest(
      {
        method: "GET",
        url: new URL("https://abc123.execute-api.eu-west-1.amazonaws.com/v1/objects?prefix=a%2Fb"),
      },
      {
        credentials: { ...CREDENTIALS, sessionToken: "SESSIONTOKEN" },
        region: "eu-west-1",
        signingDate: SIGNING_DATE,
      },
    );
    expect(signed["x-amz-security-token"]).toBe("SESSIONTOKEN");
    expect(signed["x-amz-content-sha256"]).toBeUndefined();
    expect(signed.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });
});
