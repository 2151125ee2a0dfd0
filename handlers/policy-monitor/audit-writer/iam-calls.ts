import type { IamCall } from "../../shared/iam-calls";

/** The audit writer's SDK commands (`handlers/policy-monitor/audit-writer/index.ts` and imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "PutObjectCommand",
    needs: [
      {
        action: "s3:PutObject",
        resource:
          "arn:aws:s3:::{env:AUDIT_BUCKET}/audit/year=2026/month=11/day=20/violation-1.json",
      },
      {
        action: "kms:GenerateDataKey",
        resource: "{auditKey}",
        implied: "SSE-KMS: S3 asks KMS for a data key to encrypt the object",
      },
    ],
  },
];
