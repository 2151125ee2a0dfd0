import { stackPolicy } from "../lib/define";
import { bucketLabel, BUCKET_TYPE, forEachBucket } from "../lib/s3-companions";
import { isUnknown } from "../lib/unknown";

const ENCRYPTION =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

interface EncryptionRule {
  applyServerSideEncryptionByDefault?: { sseAlgorithm?: unknown; kmsMasterKeyId?: unknown };
}

/**
 * Risk: objects stored without an explicit default encryption rule, and sensitive data under keys
 * you do not control or audit. Every bucket needs a BucketServerSideEncryptionConfiguration; a
 * bucket tagged sensitive (tag `opsguard:sensitive` = `true`, configurable as `sensitiveTag`) needs
 * SSE-KMS with a customer-managed key (`kmsMasterKeyId`).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
 */
export const enableS3BucketEncryption = stackPolicy({
  name: "enable-s3-bucket-encryption",
  description:
    "S3 buckets have default encryption; buckets tagged sensitive use SSE-KMS with a customer key.",
  remediationSteps:
    "Add an aws.s3.BucketServerSideEncryptionConfiguration; for a sensitive bucket use sseAlgorithm aws:kms and kmsMasterKeyId (SecureBucket's default).",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    compliancePolicies: ["aws-s3-bucket-enable-server-side-encryption"],
    cdkNag: ["AwsSolutions-S3"],
  },
  config: {
    sensitiveTag: {
      type: "string",
      default: "opsguard:sensitive",
      description: 'The tag that marks a bucket sensitive when its value is "true".',
    },
  },
  types: [BUCKET_TYPE],
  check: ({ resources, config, report, unknown }) => {
    const sensitiveTag = config.sensitiveTag as string;
    forEachBucket(resources, ENCRYPTION, unknown, (bucket, companions) => {
      if (companions.length === 0) {
        report(bucket.urn, `${bucketLabel(bucket)} has no BucketServerSideEncryptionConfiguration`);
        return;
      }
      const tags = bucket.props.tags;
      if (isUnknown(tags)) {
        unknown(bucket.urn, "tags");
        return;
      }
      const sensitive =
        String((tags as Record<string, unknown> | undefined)?.[sensitiveTag]).toLowerCase() ===
        "true";
      for (const encryption of companions) {
        const rules = encryption.props.rules;
        if (isUnknown(rules)) {
          unknown(encryption.urn, "rules");
          continue;
        }
        const defaults = ((rules as EncryptionRule[] | undefined) ?? [])
          .map((rule) => rule.applyServerSideEncryptionByDefault)
          .filter((rule) => rule !== undefined);
        if (defaults.length === 0) {
          report(
            encryption.urn,
            `${bucketLabel(bucket)}: "${encryption.name}" has no applyServerSideEncryptionByDefault rule`,
          );
          continue;
        }
        if (!sensitive) continue;
        for (const rule of defaults) {
          if (isUnknown(rule.sseAlgorithm))
            unknown(encryption.urn, "rules[].applyServerSideEncryptionByDefault.sseAlgorithm");
          else if (!KMS_ALGORITHMS.includes(String(rule.sseAlgorithm))) {
            report(
              encryption.urn,
              `${bucketLabel(bucket)} is tagged ${sensitiveTag}=true but its sseAlgorithm is "${String(rule.sseAlgorithm)}", not aws:kms`,
            );
          } else if (rule.kmsMasterKeyId === undefined || rule.kmsMasterKeyId === "") {
            report(
              encryption.urn,
              `${bucketLabel(bucket)} is tagged ${sensitiveTag}=true but has no kmsMasterKeyId (the AWS managed aws/s3 key)`,
            );
          }
        }
      }
    });
  },
});
