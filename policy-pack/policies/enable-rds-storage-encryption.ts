import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const INSTANCE = "aws:rds/instance:Instance";

/**
 * Risk: database storage, its automated backups, snapshots and replicas unencrypted at rest; an
 * RDS instance or Aurora cluster cannot be encrypted after creation. `storageEncrypted` defaults
 * to false, except for Aurora Serverless v1 clusters (`engineMode: "serverless"`), which are always
 * encrypted. A read replica (`replicateSourceDb`) takes its source's encryption (and a cross-region
 * one its `kmsKeyId`), so only its source is judged.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
 */
export const enableRdsStorageEncryption = resourcePolicy({
  name: "enable-rds-storage-encryption",
  description: "RDS instances and Aurora/Multi-AZ clusters encrypt their storage at rest.",
  remediationSteps:
    "Set storageEncrypted: true (and kmsKeyId for a customer managed key). An existing database is encrypted by restoring an encrypted copy of a snapshot.",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    awsguard: ["rds-storage-encrypted"],
    compliancePolicies: [
      "aws-rds-instance-disallow-unencrypted-storage",
      "aws-rds-cluster-disallow-unencrypted-storage",
    ],
    cdkNag: ["AwsSolutions-RDS2"],
  },
  types: [INSTANCE, "aws:rds/cluster:Cluster"],
  check: ({ type, props, report, unknown }) => {
    if (type === INSTANCE && props.replicateSourceDb) return;
    if (type !== INSTANCE && props.engineMode === "serverless") return;
    if (isUnknown(props.storageEncrypted)) unknown("storageEncrypted");
    else if (props.storageEncrypted === true) return;
    else if (type !== INSTANCE && isUnknown(props.engineMode)) unknown("engineMode");
    else if (props.storageEncrypted === false) {
      report("storageEncrypted is false: the database is not encrypted at rest");
    } else if (props.storageEncrypted !== true) {
      report("storageEncrypted is not set (default false): the database is not encrypted at rest");
    }
  },
});
