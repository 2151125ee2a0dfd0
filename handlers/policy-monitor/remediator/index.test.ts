import { IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig, motoEndpoint } from "../../../test/harness/moto";
import { attach, createPolicy, createPrincipal } from "../../../test/support/policy-remediator";

const FIXTURE = join(
  __dirname,
  "..",
  "..",
  "..",
  "test",
  "fixtures",
  "events",
  "sqs",
  "policy-remediation.json",
);

describe("policy-remediator handler (SQS batch, dry run by default)", () => {
  test("reports only the failing record and emits EMF metrics; dry run changes nothing", async () => {
    const iam = new IAMClient(awsTestConfig());
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: "entry-audit" }));
    await createPrincipal(iam, "role", "app-role");
    const policyArn = await createPolicy(iam, "too-broad");
    await attach(iam, "role", "app-role", policyArn);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AUDIT_BUCKET: "entry-audit",
      ALLOWED_ACTIONS: "detach_policy",
      METRICS_NAMESPACE: "IAMPolicyMonitor",
      POWERTOOLS_SERVICE_NAME: "policy-remediator",
    });
    const good = (JSON.parse(readFileSync(FIXTURE, "utf8")) as SQSEvent).Records[0];
    const event: SQSEvent = {
      Records: [good, { ...good, messageId: "bad-record", body: "{}" }],
    };
    const written: string[] = [];
    const write = jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);

    const { handler } = await import("./index");
    const result = await handler(event, {} as never);
    write.mockRestore();

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "bad-record" }] });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "app-role" }));
    expect(attached.AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([policyArn]);
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
  });
});
