import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { AUDIT_LOG_COLUMNS } from "../../../contracts/policy-monitor";
import { awsTestConfig } from "../../../test/harness/moto";
import { auditViolation } from "./audit-writer";
import { violationEventFixture } from "../../../test/support/violation-event";

const s3 = new S3Client(awsTestConfig());

describe("violation audit log (S3 in moto)", () => {
  test("lands one JSON line per violation, with every rule, in its day partition; a redelivery keeps it", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "audit-log" }));
    const metrics: string[] = [];
    const deps = {
      s3,
      bucket: "audit-log",
      metrics: {
        addMetric: (name: string, _unit: string, value: number) =>
          void metrics.push(`${name}=${value}`),
      },
      logger: { info: () => undefined },
      now: () => new Date("2027-01-01T00:00:00Z"),
    };
    const event = violationEventFixture();

    const first = await auditViolation(event, deps);
    await auditViolation(event, deps);

    const key = "audit/year=2026/month=11/day=20/violation-3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1.json";
    expect(first).toEqual({ key });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "audit-log" }));
    expect(listed.Contents!.map((o) => o.Key)).toEqual([key]);
    const text = await (
      await s3.send(new GetObjectCommand({ Bucket: "audit-log", Key: key }))
    ).Body!.transformToString();
    expect(text.split("\n")).toHaveLength(2);
    const record = JSON.parse(text);
    expect(record).toEqual({
      record_type: "violation",
      recorded_at: "2026-11-20T09:15:41.000Z",
      violation_id: "3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1",
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
      policy_arn: "arn:aws:iam::123456789012:policy/too-broad",
      policy_name: "too-broad",
      principal_type: "role",
      principal_name: "app-role",
      principal_arn: "arn:aws:iam::123456789012:role/app-role",
      suggested_action: "detach_policy",
      action: null,
      status: null,
      dry_run: null,
      reason: null,
      changes: [],
      rule_ids: ["full-admin", "service-wildcard"],
      suggestion_reason:
        "AttachRolePolicy attached the policy: detaching it from role app-role undoes that",
    });
    // The Glue table maps JSON keys to its columns by name: the record has exactly those keys.
    expect(Object.keys(record)).toEqual(AUDIT_LOG_COLUMNS.map(([column]) => column));
    expect(metrics).toEqual(["AuditLogsWritten=1", "AuditLogsWritten=1"]);
  });
});
