import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { faultClientConfig, useFaultProxy } from "../../../test/faults/clients";
import type { Fault } from "../../../test/faults/proxy";
import { awsTestConfig } from "../../../test/harness/moto";
import { violationEvent } from "../../../test/support/policy-remediator";
import type { Violation } from "../../../contracts/violation";
import { auditViolation, type AuditWriterDeps } from "./audit-writer";

const BUCKET = "audit-writer-faults";
const proxy = useFaultProxy();
const direct = new S3Client(awsTestConfig());
let deps: AuditWriterDeps;
const metrics: string[] = [];
const logs: Array<[string, unknown]> = [];

beforeAll(async () => {
  await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await direct.send(
    new PutBucketVersioningCommand({
      Bucket: BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
  deps = {
    s3: new S3Client(faultClientConfig(proxy.current)),
    bucket: BUCKET,
    metrics: { addMetric: (name, _unit, value) => void metrics.push(`${name}=${value}`) },
    logger: { info: (message: string, extra?: unknown) => void logs.push([message, extra]) },
  } as AuditWriterDeps;
});
beforeEach(() => {
  metrics.length = 0;
  logs.length = 0;
});

const withId = (violationId: string, change: Partial<Violation> = {}) =>
  violationEvent((v) => ({ ...v, violationId, ...change }));
const keyOf = (id: string) => `audit/year=2026/month=11/day=20/violation-${id}.json`;

async function versionsOf(key: string) {
  const listed = await direct.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
  return (listed.Versions ?? []).filter((v) => v.Key === key);
}

async function recordAt(key: string): Promise<Record<string, unknown>> {
  const object = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(await object.Body!.transformToString());
}

describe("audit writer under S3 faults", () => {
  test.each<Fault>(["500", "503-slowdown", "throttle", "drop"])(
    "one %s on the audit write: the SDK's retry writes the record once",
    async (fault) => {
      const id = `aw-once-${fault}`;
      proxy.current.inject({ operation: "PutObject", fault, times: 1 });

      const result = await auditViolation(withId(id), deps);

      expect(result).toEqual({ key: keyOf(id) });
      expect(proxy.current.count("PutObject")).toBe(2);
      expect(await versionsOf(keyOf(id))).toHaveLength(1);
      expect(await recordAt(keyOf(id))).toMatchObject({
        violation_id: id,
        record_type: "violation",
      });
      expect(metrics).toEqual(["AuditLogsWritten=1"]);
    },
  );

  test("a write that keeps meeting SlowDown fails naming the key and the step", async () => {
    const id = "aw-always";
    proxy.current.inject({ operation: "PutObject", fault: "503-slowdown", times: "always" });

    const failure = auditViolation(withId(id), deps);

    await expect(failure).rejects.toThrow(
      `writing audit record s3://${BUCKET}/${keyOf(id)} failed: SlowDown: Please reduce your request rate.`,
    );
    await expect(failure).rejects.toMatchObject({
      name: "StepFailedError",
      cause: { name: "SlowDown" },
    });
    expect(proxy.current.count("PutObject")).toBe(3);
    expect(await versionsOf(keyOf(id))).toEqual([]);
    expect(metrics).toEqual([]);
  });

  test("a lost answer, then a redelivery: one record, one version, never rewritten", async () => {
    const id = "aw-lost";
    proxy.current.inject({ operation: "PutObject", fault: "lost-answer", times: 1 });

    await auditViolation(withId(id), deps);
    const [written] = await versionsOf(keyOf(id));
    await auditViolation(withId(id), deps);

    expect(proxy.current.count("PutObject")).toBe(3);
    expect((await versionsOf(keyOf(id))).map((v) => v.VersionId)).toEqual([written.VersionId]);
    expect(logs).toEqual([
      ["violation already audited", { violationId: id, key: keyOf(id) }],
      ["violation already audited", { violationId: id, key: keyOf(id) }],
    ]);
  });

  test("an unparseable detectedAt is an error naming the field, and nothing is written", async () => {
    const id = "aw-bad-date";

    await expect(auditViolation(withId(id, { detectedAt: "yesterday" }), deps)).rejects.toThrow(
      'detail.detectedAt: must be an ISO-8601 date-time, got "yesterday"',
    );
    expect(proxy.current.count("PutObject")).toBe(0);
  });

  test.each([
    [null, "violation event must be an object"],
    [[], "violation event must be an object"],
    [{}, 'schemaVersion: must be "2.0" (major 2.), got undefined'],
    [
      { schemaVersion: "1.0", ruleId: "full-admin" },
      'schemaVersion: must be "2.0" (major 2.), got "1.0"',
    ],
    [{ "detail-type": "IAM Policy Violation" }, 'source must be "opsguard.policy-monitor"'],
  ])("the event %j gets an error naming what is wrong", async (event, message) => {
    await expect(auditViolation(event, deps)).rejects.toMatchObject({
      name: "InvalidViolationEventError",
      message: expect.stringContaining(message),
    });
    expect(proxy.current.count("PutObject")).toBe(0);
  });

  test.each([
    ["ASCII", "v".repeat(1100)],
    ["multi-byte", "é☃".repeat(600)],
  ])("a %s violationId of 1,100+ characters gets a key within S3's limit", async (_what, id) => {
    const result = await auditViolation(withId(id), deps);
    const other = await auditViolation(withId(`${id}x`), deps);

    expect(Buffer.byteLength(result.key, "utf8")).toBeLessThanOrEqual(1024);
    expect(other.key).not.toBe(result.key);
    expect(await recordAt(result.key)).toMatchObject({ violation_id: id });
  });
});
