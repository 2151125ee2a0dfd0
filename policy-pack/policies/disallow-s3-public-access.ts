import { resourcePolicy } from "../lib/define";
import {
  allowsEveryoneUnconditionally,
  describeStatement,
  parseDocument,
} from "../lib/iam-document";
import { isUnknown } from "../lib/unknown";

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

interface Grant {
  uri?: unknown;
  grantee?: { uri?: unknown };
  permission?: unknown;
  permissions?: unknown;
}

/**
 * Risk: a public-read ACL or a bucket policy that allows `*` without a narrowing condition
 * publishes the bucket to the internet. Checked on Bucket (deprecated `acl`/`grants`), BucketAcl
 * and BucketPolicy.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 */
export const disallowS3PublicAccess = resourcePolicy({
  name: "disallow-s3-public-access",
  description:
    "S3 buckets grant nothing to everyone: no public canned ACL, grant or bucket policy.",
  remediationSteps:
    "Remove the public ACL or grant; scope the bucket policy's principal or add a condition such as aws:SourceArn or aws:PrincipalOrgID.",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {
    compliancePolicies: ["aws-s3-bucket-disallow-public-read"],
    cdkNag: [
      "NIST.800.53.R5-S3BucketPublicReadProhibited",
      "NIST.800.53.R5-S3BucketPublicWriteProhibited",
    ],
  },
  types: [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketAcl:BucketAcl",
    "aws:s3/bucketAclV2:BucketAclV2",
    "aws:s3/bucketPolicy:BucketPolicy",
  ],
  check: ({ type, props, report, unknown }) => {
    if (type === "aws:s3/bucketPolicy:BucketPolicy") {
      const document = parseDocument(props.policy);
      if (document.status === "unknown") unknown("policy");
      for (const statement of document.statements) {
        if (allowsEveryoneUnconditionally(statement)) {
          report(
            `policy ${describeStatement(statement)} allows ${JSON.stringify(statement.action ?? statement.notAction)} to Principal "*" without a narrowing condition`,
          );
        }
      }
      return;
    }
    if (isUnknown(props.acl)) unknown("acl");
    else if (PUBLIC_CANNED_ACLS.includes(String(props.acl)))
      report(`acl is "${String(props.acl)}"`);
    const grants =
      type === "aws:s3/bucket:Bucket"
        ? props.grants
        : (props.accessControlPolicy as { grants?: unknown } | undefined)?.grants;
    if (isUnknown(grants)) {
      unknown(type === "aws:s3/bucket:Bucket" ? "grants" : "accessControlPolicy.grants");
      return;
    }
    for (const grant of (grants as Grant[] | undefined) ?? []) {
      const uri = String(grant.grantee?.uri ?? grant.uri ?? "");
      if (PUBLIC_GROUPS.test(uri)) {
        report(`a grant gives ${JSON.stringify(grant.permission ?? grant.permissions)} to ${uri}`);
      }
    }
  },
});
