import { GetRoleCommand, IAMClient, CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { faultClientConfig, useFaultProxy } from "./clients";
import type { Fault } from "./proxy";

const proxy = useFaultProxy();
const BUCKET = "fault-proxy";

describe("fault proxy in front of moto", () => {
  let s3: S3Client;
  beforeAll(async () => {
    s3 = new S3Client(faultClientConfig(proxy.current));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
  });

  const versionsOf = async (key: string) => {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
    return listed.Versions?.length ?? 0;
  };

  test.each<[Fault, number]>([
    ["500", 1],
    ["503-slowdown", 1],
    ["throttle", 1],
    ["drop", 1],
    ["lost-answer", 2],
  ])(
    "one %s on PutObject: the SDK's retry succeeds; %i version(s) stored",
    async (fault, stored) => {
      const key = `once-${fault}.txt`;
      proxy.current.inject({ operation: "PutObject", fault, times: 1 });

      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x" }));

      expect(proxy.current.requests.filter((r) => r.operation === "PutObject")).toEqual([
        { operation: "PutObject", method: "PUT", path: `/${BUCKET}/${key}`, fault },
        { operation: "PutObject", method: "PUT", path: `/${BUCKET}/${key}` },
      ]);
      expect(await versionsOf(key)).toBe(stored);
    },
  );

  test.each<[Fault, string, string]>([
    ["500", "InternalError", "We encountered an internal error."],
    ["503-slowdown", "SlowDown", "Please reduce your request rate."],
  ])("an S3 %s that never ends fails after 3 attempts with %s", async (fault, name, message) => {
    proxy.current.inject({ operation: "GetObject", fault, times: "always" });

    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "absent" })),
    ).rejects.toMatchObject({ name, message });

    expect(proxy.current.count("GetObject")).toBe(3);
  });

  test("a rule with pathIncludes faults only that key", async () => {
    proxy.current.inject({
      operation: "PutObject",
      fault: "500",
      times: "always",
      pathIncludes: "b.txt",
    });

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.txt", Body: "a" }));
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "b.txt", Body: "b" })),
    ).rejects.toMatchObject({ name: "InternalError" });

    expect(proxy.current.requests.map((r) => `${r.path} ${r.fault ?? "ok"}`)).toEqual([
      `/${BUCKET}/a.txt ok`,
      `/${BUCKET}/b.txt 500`,
      `/${BUCKET}/b.txt 500`,
      `/${BUCKET}/b.txt 500`,
    ]);
  });

  test("JSON protocol: Secrets Manager throttling is named by X-Amz-Target", async () => {
    const secrets = new SecretsManagerClient(faultClientConfig(proxy.current));
    proxy.current.inject({ operation: "CreateSecret", fault: "throttle", times: "always" });

    await expect(
      secrets.send(new CreateSecretCommand({ Name: "throttled", SecretString: "x" })),
    ).rejects.toMatchObject({ name: "ThrottlingException", message: "Rate exceeded" });

    expect(proxy.current.count("CreateSecret")).toBe(3);
  });

  test("query protocol: IAM is named by Action and recovers from one throttle", async () => {
    const iam = new IAMClient(faultClientConfig(proxy.current));
    await iam.send(new CreateRoleCommand({ RoleName: "proxied", AssumeRolePolicyDocument: "{}" }));
    proxy.current.inject({ operation: "GetRole", fault: "throttle", times: 1 });

    const role = await iam.send(new GetRoleCommand({ RoleName: "proxied" }));

    expect(role.Role?.RoleName).toBe("proxied");
    expect(proxy.current.requests.map((r) => `${r.operation} ${r.fault ?? "ok"}`)).toEqual([
      "CreateRole ok",
      "GetRole throttle",
      "GetRole ok",
    ]);
  });
});
