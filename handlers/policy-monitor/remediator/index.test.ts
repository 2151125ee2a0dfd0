import { IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";
import { awsTestConfig, motoEndpoint } from "../../../test/harness/moto";
import { remediationBatchFixture } from "../../../test/support/violation-event";
import { attach, createPolicy, createPrincipal } from "../../../test/support/policy-remediator";

describe("policy-remediator handler (SQS batch, dry run by default)", () => {
  test("reports only the failing record and emits EMF metrics; dry run changes nothing", async () => {
    const iam = new IAMClient(awsTestConfig());
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: "entry-audit" }));
    await s3.send(new CreateBucketCommand({ Bucket: "entry-config" }));
    await s3.send(
      new PutObjectCommand({
        Bucket: "entry-config",
        Key: "remediator.yaml",
        Body: "version: 1\nallowedActions: [detach_policy]\n",
      }),
    );
    await createPrincipal(iam, "role", "app-role");
    const policyArn = await createPolicy(iam, "too-broad");
    await attach(iam, "role", "app-role", policyArn);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AUDIT_BUCKET: "entry-audit",
      CONFIG_BUCKET: "entry-config",
      METRICS_NAMESPACE: "IAMPolicyMonitor",
      POWERTOOLS_SERVICE_NAME: "policy-remediator",
    });
    const good = (remediationBatchFixture() as SQSEvent).Records[0];
    const event: SQSEvent = {
      Records: [good, { ...good, messageId: "bad-record", body: "{}" }],
    };
    const written: string[] = [];
    const errors: string[] = [];
    const write = jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const writeError = jest
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk: string | Uint8Array) => errors.push(String(chunk)) > 0);

    const { handler } = await import("./index");
    const result = await handler(event, {} as never);
    write.mockRestore();
    writeError.mockRestore();

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "bad-record" }] });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "app-role" }));
    expect(attached.AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([policyArn]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "entry-audit" }));
    const auditKeys = (listed.Contents ?? [])
      .map((o) => o.Key!)
      .filter((k) => k.startsWith("audit/"));
    expect(auditKeys).toEqual([
      "audit/year=2026/month=11/day=20/remediation-3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1-dry_run.json",
    ]);
    const record = JSON.parse(
      await (
        await s3.send(new GetObjectCommand({ Bucket: "entry-audit", Key: auditKeys[0] }))
      ).Body!.transformToString(),
    );
    expect(record).toMatchObject({
      record_type: "remediation",
      rule_id: "full-admin",
      rule_ids: ["full-admin", "service-wildcard"],
      action: "detach_policy",
      status: "DRY_RUN",
      dry_run: true,
    });
    const emf = written
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe("IAMPolicyMonitor");
    expect(emf[0]).toMatchObject({
      DryRunExecutions: 1,
      AuditLogsWritten: 1,
      service: "policy-remediator",
    });
    const errorLines = errors.flatMap((chunk) => chunk.split("\n")).filter(Boolean);
    expect(errorLines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: "ERROR",
        message: "remediation message rejected",
        messageId: "bad-record",
        reason:
          'InvalidViolationEventError: schemaVersion: must be "2.0" (major 2.), got undefined',
      }),
    ]);
  });
});
