import { stackPolicy } from "../lib/define";
import { bucketLabel, BUCKET_TYPE, forEachBucket } from "../lib/s3-companions";
import { isUnknown } from "../lib/unknown";

const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";

/**
 * Risk: without versioning, an overwrite or delete (a bug, a compromised key, ransomware) loses
 * the object for good. Every bucket needs a BucketVersioning with status `Enabled`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 */
export const enableS3BucketVersioning = stackPolicy({
  name: "enable-s3-bucket-versioning",
  description: "S3 buckets keep every version of their objects (versioning Enabled).",
  remediationSteps:
    'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled" (SecureBucket does).',
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["NIST.800.53.R5-S3BucketVersioningEnabled"] },
  types: [BUCKET_TYPE],
  check: ({ resources, report, unknown }) => {
    forEachBucket(resources, VERSIONING, unknown, (bucket, companions) => {
      if (companions.length === 0) {
        report(bucket.urn, `${bucketLabel(bucket)} has no BucketVersioning`);
        return;
      }
      for (const versioning of companions) {
        const status = (
          versioning.props.versioningConfiguration as { status?: unknown } | undefined
        )?.status;
        if (isUnknown(status)) unknown(versioning.urn, "versioningConfiguration.status");
        else if (status !== "Enabled") {
          report(
            versioning.urn,
            `${bucketLabel(bucket)}: versioningConfiguration.status of "${versioning.name}" is "${String(status)}", not "Enabled"`,
          );
        }
      }
    });
  },
});
