import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a table encrypted with a key the account does not control. DynamoDB always encrypts at
 * rest: with an AWS owned key when `serverSideEncryption` is off, with the AWS managed key
 * `aws/dynamodb` when it is on without `kmsKeyArn`. Only a customer managed key lets a key policy
 * decide who may decrypt, and CloudTrail log each use. Advisory: the AWS keys are not a leak.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 */
export const configureDynamodbCustomerKey = resourcePolicy({
  name: "configure-dynamodb-customer-key",
  description: "DynamoDB tables are encrypted with a customer managed KMS key.",
  remediationSteps: "Set serverSideEncryption: { enabled: true, kmsKeyArn: <your key's ARN> }.",
  url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { awsguard: ["dynamodb-table-encryption-enabled"] },
  types: ["aws:dynamodb/table:Table"],
  check: ({ props, report, unknown }) => {
    const encryption = props.serverSideEncryption as
      { enabled?: unknown; kmsKeyArn?: unknown } | undefined;
    if (isUnknown(encryption)) return unknown("serverSideEncryption");
    if (isUnknown(encryption?.enabled)) return unknown("serverSideEncryption.enabled");
    if (encryption?.enabled !== true) {
      return report("serverSideEncryption is not enabled: the table uses an AWS owned key");
    }
    if (isUnknown(encryption.kmsKeyArn)) unknown("serverSideEncryption.kmsKeyArn");
    else if (!encryption.kmsKeyArn) {
      report(
        "serverSideEncryption.kmsKeyArn is not set: the table uses the AWS managed key aws/dynamodb",
      );
    }
  },
});
