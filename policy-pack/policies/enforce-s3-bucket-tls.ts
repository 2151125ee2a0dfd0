import { stackPolicy } from "../lib/define";
import { isEveryone, type PolicyStatement } from "../lib/iam/policy-document";
import { parseDocument } from "../lib/iam-document";
import { bucketLabel, BUCKET_TYPE, forEachBucket } from "../lib/s3-companions";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** A Deny to everyone of all S3 actions when `aws:SecureTransport` is false. */
function deniesInsecureTransport(statement: PolicyStatement): boolean {
  const secureTransport = Object.entries(statement.condition?.Bool ?? {}).find(
    ([key]) => key.toLowerCase() === "aws:securetransport",
  )?.[1];
  return (
    statement.effect === "Deny" &&
    isEveryone(statement.principal) &&
    (statement.action ?? []).some((action) => action === "*" || action.toLowerCase() === "s3:*") &&
    [false, "false"].includes(
      (Array.isArray(secureTransport) ? secureTransport[0] : secureTransport) as never,
    )
  );
}

/**
 * Risk: requests over plain HTTP expose data and credentials in transit. The bucket policy should
 * deny every request whose `aws:SecureTransport` is false.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export const enforceS3BucketTls = stackPolicy({
  name: "enforce-s3-bucket-tls",
  description: "S3 bucket policies deny requests not made over TLS (aws:SecureTransport false).",
  remediationSteps:
    'Add a BucketPolicy statement: Effect Deny, Principal "*", Action "s3:*", Condition Bool aws:SecureTransport "false" (SecureBucket does).',
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
  enforcementLevel: "advisory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-S10"] },
  types: [BUCKET_TYPE],
  check: ({ resources, report, unknown }) => {
    forEachBucket(resources, BUCKET_POLICY, unknown, (bucket, companions) => {
      let decided = false;
      for (const policy of companions) {
        const document = parseDocument(policy.props.policy);
        if (document.status === "unknown") unknown(policy.urn, "policy");
        if (document.statements.some(deniesInsecureTransport)) decided = true;
        if (document.status === "unknown") decided = true;
      }
      if (!decided) {
        report(
          bucket.urn,
          companions.length === 0
            ? `${bucketLabel(bucket)} has no BucketPolicy that denies requests without TLS`
            : `${bucketLabel(bucket)}: no statement of its BucketPolicy denies aws:SecureTransport "false"`,
        );
      }
    });
  },
});
