import {
  DetachRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { awsTestConfig } from "../../../test/harness/moto";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import type { RemediatorConfig } from "./config";
import {
  doneMarkerKey,
  handleRemediationMessage,
  handleRemediationRecord,
  RemediationFailedError,
  type RecordDeps,
} from "./record-handler";
import {
  attach,
  createPolicy,
  createPrincipal,
  violationEvent,
} from "../../../test/support/policy-remediator";

const iam = new IAMClient(awsTestConfig());
const s3 = new S3Client(awsTestConfig());
const BUCKET = "remediator-audit";
const CONFIG: RemediatorConfig = {
  auditBucket: BUCKET,
  allowedActions: ["detach_policy"],
  dryRun: false,
  protectedPrincipals: [],
  detachAwsManagedPolicies: false,
};

function harness(overrides: Partial<RecordDeps> = {}) {
  const notified: RemediationOutcome[] = [];
  const metrics: string[] = [];
  const logs: Array<[string, string, unknown]> = [];
  const deps: RecordDeps = {
    iam,
    s3,
    config: CONFIG,
    ownRoleName: async () => "opsguard-remediator-role",
    notifiers: [async (outcome) => void notified.push(outcome)],
    metrics: { addMetric: (name, _unit, value) => void metrics.push(`${name}=${value}`) },
    logger: {
      info: (message: string, extra?: unknown) => void logs.push(["info", message, extra]),
      warn: (message: string, extra?: unknown) => void logs.push(["warn", message, extra]),
      error: (message: string, extra?: unknown) => void logs.push(["error", message, extra]),
    } as RecordDeps["logger"],
    now: () => new Date("2026-11-20T09:16:00.000Z"),
    ...overrides,
  };
  return { deps, notified, metrics, logs };
}

async function setUp(name: string): Promise<{ body: string; policyArn: string; id: string }> {
  await createPrincipal(iam, "role", name);
  const policyArn = await createPolicy(iam, `${name}-policy`);
  await attach(iam, "role", name, policyArn);
  const id = `violation-${name}`;
  const event = violationEvent((v) => ({
    ...v,
    violationId: id,
    target: { kind: "managed-policy", policyArn, principalType: "role", principalName: name },
  }));
  return { body: JSON.stringify(event), policyArn, id };
}

async function objectText(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return object.Body!.transformToString();
}

async function keys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

describe("handleRemediationRecord", () => {
  test("audits, counts and notifies the outcome, then marks the violation done", async () => {
    const { body, policyArn, id } = await setUp("rec-ok");
    const { deps, notified, metrics } = harness();

    const outcome = await handleRemediationRecord(body, deps);

    expect(outcome?.status).toBe("SUCCESS");
    const auditKey = `audit/year=2026/month=11/day=20/remediation-${id}-success.json`;
    const line = await objectText(auditKey);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      record_type: "remediation",
      recorded_at: "2026-11-20T09:16:00.000Z",
      violation_id: id,
      rule_id: "full-admin",
      severity: "CRITICAL",
      title: "Full administrator access",
      account_id: "123456789012",
      region: "us-east-1",
      event_id: "a1b2c3d4-5678-90ab-cdef-111122223333",
      event_name: "AttachRolePolicy",
      event_time: "2026-11-20T09:15:40Z",
      actor_type: "IAMUser",
      actor_arn: "arn:aws:iam::123456789012:user/alice",
      target_kind: "managed-policy",
      policy_arn: policyArn,
      policy_name: null,
      principal_type: "role",
      principal_name: "rec-ok",
      principal_arn: null,
      suggested_action: "detach_policy",
      action: "detach_policy",
      status: "SUCCESS",
      dry_run: false,
      reason: "detach_policy done",
      changes: [`detach ${policyArn} from role rec-ok`],
      rule_ids: ["full-admin", "service-wildcard"],
      suggestion_reason:
        "AttachRolePolicy attached the policy: detaching it from role app-role undoes that",
    });
    expect(metrics).toEqual(["RemediationSuccess=1", "AuditLogsWritten=1"]);
    expect(notified.map((o) => o.status)).toEqual(["SUCCESS"]);
    expect(JSON.parse(await objectText(doneMarkerKey(id, false)))).toEqual({
      status: "SUCCESS",
      finishedAt: "2026-11-20T09:16:00.000Z",
      auditKey,
    });
  });

  test("a duplicate message is a no-op: no IAM call, no audit, no metric, no notification", async () => {
    const { body, id } = await setUp("rec-dup");
    await handleRemediationRecord(body, harness().deps);
    const before = await keys();
    const iamCalls: string[] = [];
    const watchedIam = {
      send: (command: { constructor: { name: string } }) => {
        iamCalls.push(command.constructor.name);
        return iam.send(command as never);
      },
    } as unknown as IAMClient;
    const { deps, notified, metrics, logs } = harness({ iam: watchedIam });

    const second = await handleRemediationRecord(body, deps);

    expect(second).toBeNull();
    expect(iamCalls).toEqual([]);
    expect(await keys()).toEqual(before);
    expect(metrics).toEqual([]);
    expect(notified).toEqual([]);
    expect(logs).toEqual([["info", "duplicate remediation message ignored", { violationId: id }]]);
  });

  test("a failure is audited, counted and notified, throws, and leaves no marker so a retry works", async () => {
    const { body, id } = await setUp("rec-fail");
    const failingIam = {
      send: (command: unknown) =>
        command instanceof DetachRolePolicyCommand
          ? Promise.reject(Object.assign(new Error("throttled"), { name: "Throttling" }))
          : iam.send(command as never),
    } as unknown as IAMClient;
    const failing = harness({ iam: failingIam });

    await expect(handleRemediationRecord(body, failing.deps)).rejects.toThrow(
      RemediationFailedError,
    );

    expect(failing.metrics).toEqual(["RemediationFailure=1", "AuditLogsWritten=1"]);
    expect(failing.notified.map((o) => o.status)).toEqual(["FAILURE"]);
    expect(await keys()).toContain(
      `audit/year=2026/month=11/day=20/remediation-${id}-failure.json`,
    );
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: doneMarkerKey(id, false) })),
    ).rejects.toMatchObject({ name: "NotFound" });

    const retry = await handleRemediationRecord(body, harness().deps);
    expect(retry?.status).toBe("SUCCESS");
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "rec-fail" }));
    expect(attached.AttachedPolicies).toEqual([]);
  });

  test("a failed notification is logged and does not fail the record", async () => {
    const { body, id } = await setUp("rec-notify");
    const { deps, logs } = harness({
      notifiers: [() => Promise.reject(new Error("SNS is down"))],
    });

    const outcome = await handleRemediationRecord(body, deps);

    expect(outcome?.status).toBe("SUCCESS");
    expect(logs).toContainEqual([
      "error",
      "remediation notification failed",
      { violationId: id, error: "Error: SNS is down" },
    ]);
  });

  test("direct mode: a bare violation (no EventBridge envelope) is remediated too", async () => {
    const { body, id } = await setUp("rec-bare");
    const outcome = await handleRemediationRecord(
      JSON.stringify(JSON.parse(body).detail),
      harness().deps,
    );
    expect(outcome).toMatchObject({ status: "SUCCESS", violation: { violationId: id } });
  });

  test("a message that is not a violation fails with the bad field", async () => {
    const event = violationEvent((v) => ({ ...v, severity: "URGENT" as never }));
    await expect(handleRemediationRecord(JSON.stringify(event), harness().deps)).rejects.toThrow(
      /^detail\.severity: /,
    );
    const v1 = violationEvent((v) => ({ ...v, schemaVersion: "1.0" as never }));
    await expect(handleRemediationRecord(JSON.stringify(v1), harness().deps)).rejects.toThrow(
      'detail.schemaVersion: must be "2.0" (major 2.), got "1.0"',
    );
    await expect(handleRemediationRecord("not json", harness().deps)).rejects.toThrow(
      "message body is not JSON",
    );
  });

  test.each([
    [
      "a body that is not JSON",
      "not json",
      "InvalidViolationEventError: message body is not JSON: ",
    ],
    [
      "a message that is not a violation",
      JSON.stringify({ hello: "world" }),
      'InvalidViolationEventError: schemaVersion: must be "2.0" (major 2.), got undefined',
    ],
    [
      "an unknown action",
      JSON.stringify(violationEvent((v) => ({ ...v, suggestedAction: "delete_account" as never }))),
      "InvalidViolationEventError: detail.suggestedAction: ",
    ],
  ])(
    "%s is logged in one line with its message id and reason, and thrown",
    async (_name, body, reason) => {
      const { deps, logs } = harness();

      await expect(handleRemediationMessage({ messageId: "m-1", body }, deps)).rejects.toThrow();

      expect(logs).toEqual([
        [
          "error",
          "remediation message rejected",
          {
            messageId: "m-1",
            reason: expect.stringMatching(`^${reason.replace(/[().^]/g, "\\$&")}`),
          },
        ],
      ]);
    },
  );

  test("a rejected 200 KB body is logged in under 1,000 characters", async () => {
    const { deps, logs } = harness();
    const body = JSON.stringify({ schemaVersion: "x".repeat(200_000) });

    await expect(handleRemediationMessage({ messageId: "m-2", body }, deps)).rejects.toThrow();

    expect(JSON.stringify(logs).length).toBeLessThan(1_000);
  });
});
