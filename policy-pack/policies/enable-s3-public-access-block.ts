import { stackPolicy } from "../lib/define";
import { bucketLabel, BUCKET_TYPE, forEachBucket } from "../lib/s3-companions";
import { isUnknown } from "../lib/unknown";

const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/**
 * Risk: a later ACL or bucket policy (a typo, a console click) makes the data public. A public
 * access block with all four flags makes S3 refuse and ignore public grants.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export const enableS3PublicAccessBlock = stackPolicy({
  name: "enable-s3-public-access-block",
  description: "S3 buckets have a public access block with all four flags on.",
  remediationSteps:
    "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true.",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-S2"] },
  types: [BUCKET_TYPE],
  check: ({ resources, report, unknown }) => {
    forEachBucket(resources, PUBLIC_ACCESS_BLOCK, unknown, (bucket, companions) => {
      if (companions.length === 0) {
        report(bucket.urn, `${bucketLabel(bucket)} has no BucketPublicAccessBlock`);
        return;
      }
      for (const block of companions) {
        const unknownFlags = FLAGS.filter((flag) => isUnknown(block.props[flag]));
        unknownFlags.forEach((flag) => unknown(block.urn, flag));
        const off = FLAGS.filter(
          (flag) => !unknownFlags.includes(flag) && block.props[flag] !== true,
        );
        if (off.length > 0) {
          report(
            block.urn,
            `${bucketLabel(bucket)}: "${block.name}" does not set ${off.join(", ")} to true`,
          );
        }
      }
    });
  },
});
