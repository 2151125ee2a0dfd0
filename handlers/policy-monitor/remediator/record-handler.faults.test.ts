import { IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { faultClientConfig, useFaultProxy } from "../../../test/faults/clients";
import { awsTestConfig } from "../../../test/harness/moto";
import {
  attach,
  createPolicy,
  createPrincipal,
  violationEvent,
} from "../../../test/support/policy-remediator";
import type { RemediatorConfig } from "./config";
import { doneMarkerKey, handleRemediationRecord, type RecordDeps } from "./record-handler";

const BUCKET = "remediator-faults";
const CONFIG: RemediatorConfig = {
  auditBucket: BUCKET,
  allowedActions: ["detach_policy"],
  dryRun: false,
  protectedPrincipals: [],
  detachAwsManagedPolicies: false,
};
const proxy = useFaultProxy();
const directIam = new IAMClient(awsTestConfig());
const directS3 = new S3Client(awsTestConfig());
let deps: RecordDeps;
const logs: Array<[string, string, unknown]> = [];

beforeAll(async () => {
  await directS3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await directS3.send(
    new PutBucketVersioningCommand({
      Bucket: BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
  deps = {
    iam: new IAMClient(faultClientConfig(proxy.current)),
    s3: new S3Client(faultClientConfig(proxy.current)),
    config: CONFIG,
    ownRoleName: async () => "opsguard-remediator-role",
    notifiers: [],
    metrics: { addMetric: () => undefined },
    logger: {
      info: (message: string, extra?: unknown) => void logs.push(["info", message, extra]),
      warn: (message: string, extra?: unknown) => void logs.push(["warn", message, extra]),
      error: (message: string, extra?: unknown) => void logs.push(["error", message, extra]),
    } as RecordDeps["logger"],
    now: () => new Date("2026-11-20T09:16:00.000Z"),
  };
});
beforeEach(() => {
  logs.length = 0;
});

/** A role with an attached admin policy, and the remediation message that detaches it. */
async function setUp(name: string, id = `violation-${name}`) {
  await createPrincipal(directIam, "role", name);
  const policyArn = await createPolicy(directIam, `${name}-policy`);
  await attach(directIam, "role", name, policyArn);
  const event = violationEvent((v) => ({
    ...v,
    violationId: id,
    target: { kind: "managed-policy", policyArn, principalType: "role", principalName: name },
  }));
  const auditKey = (status: string) =>
    `audit/year=2026/month=11/day=20/remediation-${id}-${status}.json`;
  return {
    body: JSON.stringify(event),
    policyArn,
    id,
    auditKey,
    markerKey: doneMarkerKey(id, false),
  };
}

async function versionsOf(key: string) {
  const listed = await directS3.send(
    new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }),
  );
  return (listed.Versions ?? []).filter((v) => v.Key === key);
}

async function jsonAt(key: string): Promise<Record<string, unknown>> {
  const object = await directS3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(await object.Body!.transformToString());
}

async function attachedTo(role: string): Promise<string[]> {
  const listed = await directIam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
  return (listed.AttachedPolicies ?? []).map((p) => p.PolicyArn!);
}

describe("remediator under IAM and S3 faults", () => {
  test("one fault on each of the marker read, the detach and the audit write: done in one go", async () => {
    const { body, auditKey, markerKey } = await setUp("rf-transient");
    proxy.current.inject(
      { operation: "HeadObject", fault: "500", times: 1 },
      { operation: "DetachRolePolicy", fault: "throttle", times: 1 },
      { operation: "PutObject", fault: "503-slowdown", times: 1, pathIncludes: "audit/" },
    );

    const outcome = await handleRemediationRecord(body, deps);

    expect(outcome?.status).toBe("SUCCESS");
    expect(proxy.current.count("HeadObject")).toBe(2);
    expect(proxy.current.count("DetachRolePolicy")).toBe(2);
    expect(proxy.current.count("PutObject", "audit/")).toBe(2);
    expect(await attachedTo("rf-transient")).toEqual([]);
    expect(await versionsOf(auditKey("success"))).toHaveLength(1);
    expect(await jsonAt(markerKey)).toMatchObject({ auditKey: auditKey("success") });
  });

  test("IAM keeps throttling: a FAILURE record, an error naming the step, and a retry that works", async () => {
    const { body, policyArn, id, auditKey, markerKey } = await setUp("rf-iam-down");
    proxy.current.inject({ operation: "DetachRolePolicy", fault: "throttle", times: "always" });

    await expect(handleRemediationRecord(body, deps)).rejects.toThrow(
      `${id}: failed to detach ${policyArn} from role rf-iam-down: Throttling: Rate exceeded`,
    );
    expect(proxy.current.count("DetachRolePolicy")).toBe(3);
    expect(await jsonAt(auditKey("failure"))).toMatchObject({ status: "FAILURE", changes: [] });
    expect(await versionsOf(markerKey)).toEqual([]);

    proxy.current.reset();
    const retry = await handleRemediationRecord(body, deps);

    expect(retry?.status).toBe("SUCCESS");
    expect(await attachedTo("rf-iam-down")).toEqual([]);
    expect(await versionsOf(auditKey("failure"))).toHaveLength(1);
    expect(await versionsOf(auditKey("success"))).toHaveLength(1);
  });

  test("the audit write keeps failing: an error naming the key, and the change kept in the log", async () => {
    const { body, policyArn, id, auditKey, markerKey } = await setUp("rf-audit-down");
    proxy.current.inject({
      operation: "PutObject",
      fault: "500",
      times: "always",
      pathIncludes: "audit/",
    });

    const failure = handleRemediationRecord(body, deps);

    await expect(failure).rejects.toThrow(
      `writing audit record s3://${BUCKET}/${auditKey("success")} failed: InternalError: We encountered an internal error.`,
    );
    await expect(failure).rejects.toMatchObject({ cause: { name: "InternalError" } });
    expect(logs).toContainEqual([
      "error",
      "remediation outcome not audited",
      {
        violationId: id,
        status: "SUCCESS",
        reason: "detach_policy done",
        changes: [`detach ${policyArn} from role rf-audit-down`],
        error:
          "StepFailedError: writing audit record s3://remediator-faults/" +
          `${auditKey("success")} failed: InternalError: We encountered an internal error.`,
      },
    ]);
    expect(await versionsOf(markerKey)).toEqual([]);
  });

  test("the audit write's answer is lost: the SDK's retry finds the record and keeps it", async () => {
    const { body, id, auditKey, markerKey } = await setUp("rf-audit-lost");
    proxy.current.inject({
      operation: "PutObject",
      fault: "lost-answer",
      times: 1,
      pathIncludes: "audit/",
    });

    const outcome = await handleRemediationRecord(body, deps);

    expect(outcome?.status).toBe("SUCCESS");
    expect(proxy.current.count("PutObject", "audit/")).toBe(2);
    expect(await versionsOf(auditKey("success"))).toHaveLength(1);
    expect(await jsonAt(auditKey("success"))).toMatchObject({ reason: "detach_policy done" });
    expect(logs).toContainEqual([
      "info",
      "remediation outcome already audited",
      { violationId: id, auditKey: auditKey("success") },
    ]);
    expect(await jsonAt(markerKey)).toMatchObject({ status: "SUCCESS" });
  });

  test("the detach's answer is lost: the retry finds it done and the change is recorded", async () => {
    const { body, policyArn, auditKey } = await setUp("rf-detach-lost");
    proxy.current.inject({ operation: "DetachRolePolicy", fault: "lost-answer", times: 1 });

    const outcome = await handleRemediationRecord(body, deps);

    expect(proxy.current.count("DetachRolePolicy")).toBe(2);
    expect(outcome).toMatchObject({
      status: "SUCCESS",
      changes: [`detach ${policyArn} from role rf-detach-lost`],
    });
    expect(await jsonAt(auditKey("success"))).toMatchObject({ reason: "detach_policy done" });
  });

  test("the marker write fails; the redelivery finds nothing to change and keeps the real record", async () => {
    const { body, policyArn, auditKey, markerKey } = await setUp("rf-marker-down");
    proxy.current.inject({
      operation: "PutObject",
      fault: "503-slowdown",
      times: "always",
      pathIncludes: "state/",
    });

    await expect(handleRemediationRecord(body, deps)).rejects.toThrow(
      `writing done marker s3://${BUCKET}/${markerKey} failed: SlowDown: Please reduce your request rate.`,
    );
    proxy.current.reset();
    const redelivered = await handleRemediationRecord(body, deps);

    expect(redelivered).toMatchObject({
      status: "SUCCESS",
      reason: "already remediated: nothing to change",
    });
    expect(await versionsOf(auditKey("success"))).toHaveLength(1);
    expect(await jsonAt(auditKey("success"))).toMatchObject({
      reason: "detach_policy done",
      changes: [`detach ${policyArn} from role rf-marker-down`],
    });
    expect(await jsonAt(markerKey)).toMatchObject({ auditKey: auditKey("success") });
    expect(await handleRemediationRecord(body, deps)).toBeNull();
  });

  test("a redelivery on the next day files its outcome beside the real one, which it keeps", async () => {
    const { body, id, auditKey, markerKey } = await setUp("rf-next-day");
    proxy.current.inject({
      operation: "PutObject",
      fault: "500",
      times: "always",
      pathIncludes: "state/",
    });
    await expect(handleRemediationRecord(body, deps)).rejects.toThrow("writing done marker");
    proxy.current.reset();

    const nextDay = { ...deps, now: () => new Date("2026-11-21T00:05:00.000Z") };
    const redelivered = await handleRemediationRecord(body, nextDay);

    expect(redelivered).toMatchObject({ reason: "already remediated: nothing to change" });
    const listed = await directS3.send(
      new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: "audit/" }),
    );
    expect((listed.Versions ?? []).filter((v) => v.Key!.includes(id)).map((v) => v.Key)).toEqual([
      auditKey("success"),
    ]);
    expect(await jsonAt(auditKey("success"))).toMatchObject({
      recorded_at: "2026-11-20T09:16:00.000Z",
      reason: "detach_policy done",
    });
    expect(await jsonAt(markerKey)).toMatchObject({
      finishedAt: "2026-11-21T00:05:00.000Z",
      auditKey: auditKey("success"),
    });
  });

  test("a violation whose detectedAt is not a date is refused before anything is changed", async () => {
    const { body } = await setUp("rf-bad-date");
    const event = JSON.parse(body);
    event.detail.detectedAt = "yesterday";

    await expect(handleRemediationRecord(JSON.stringify(event), deps)).rejects.toThrow(
      'detail.detectedAt: must be an ISO-8601 date-time, got "yesterday"',
    );
    expect(proxy.current.requests).toEqual([]);
    expect(await attachedTo("rf-bad-date")).toHaveLength(1);
  });

  test("a 1,100-character violationId gets audit and marker keys within S3's limit", async () => {
    const id = `${"v".repeat(1099)}é`;
    await setUp("rf-long-id", id);
    const body = (await setUp("rf-long-id-2", id)).body;

    const outcome = await handleRemediationRecord(body, deps);

    expect(outcome?.status).toBe("SUCCESS");
    const marker = doneMarkerKey(id, false);
    expect(Buffer.byteLength(marker, "utf8")).toBeLessThanOrEqual(1024);
    const { auditKey } = await jsonAt(marker);
    expect(Buffer.byteLength(String(auditKey), "utf8")).toBeLessThanOrEqual(1024);
    expect(await jsonAt(String(auditKey))).toMatchObject({ violation_id: id });
    expect(doneMarkerKey(`${id}x`, false)).not.toBe(marker);
  });

  test.each([
    ["null", "violation event must be an object"],
    ["{}", "schemaVersion: "],
    ["", "message body is not JSON"],
  ])("the message body %j gets an error naming what is wrong", async (body, message) => {
    await expect(handleRemediationRecord(body, deps)).rejects.toMatchObject({
      name: "InvalidViolationEventError",
      message: expect.stringContaining(message),
    });
    expect(proxy.current.requests).toEqual([]);
  });
});
