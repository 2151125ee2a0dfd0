import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const INSTANCE = "aws:rds/instance:Instance";

/**
 * Risk: too few days of automated backups to recover from a bad migration or a deletion noticed
 * late; `backupRetentionPeriod: 0` turns backups off. The RDS API keeps 1 day when the period is
 * not set. A read replica (`replicateSourceDb`) is restored from its source, which is judged.
 * The minimum is the `minimumDays` config (default 7).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups.BackupRetention
 */
export const configureRdsBackupRetention = resourcePolicy({
  name: "configure-rds-backup-retention",
  description:
    "RDS instances and Aurora/Multi-AZ clusters keep automated backups for at least 7 days.",
  remediationSteps: "Set backupRetentionPeriod to 7 or more (at most 35).",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups.BackupRetention",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: {
    awsguard: ["rds-instance-backup-enabled"],
    compliancePolicies: [
      "aws-rds-instance-enable-backup-retention",
      "aws-rds-instance-configure-backup-retention",
      "aws-rds-cluster-enable-backup-retention",
      "aws-rds-cluster-configure-backup-retention",
    ],
    cdkNag: ["AwsSolutions-RDS13"],
  },
  config: {
    minimumDays: {
      type: "integer",
      description: "The fewest days of automated backups a database may keep.",
      minimum: 1,
      maximum: 35,
      default: 7,
    },
  },
  types: [INSTANCE, "aws:rds/cluster:Cluster"],
  check: ({ type, props, config, report, unknown }) => {
    if (type === INSTANCE && props.replicateSourceDb) return;
    const minimumDays = config.minimumDays as number;
    const period = props.backupRetentionPeriod;
    if (isUnknown(period)) unknown("backupRetentionPeriod");
    else if (period === undefined || period === null) {
      report(
        `backupRetentionPeriod is not set (default 1): fewer than ${minimumDays} days of automated backups`,
      );
    } else if (Number(period) === 0) {
      report("backupRetentionPeriod is 0: automated backups are off");
    } else if (Number(period) < minimumDays) {
      report(
        `backupRetentionPeriod is ${String(period)}: fewer than ${minimumDays} days of automated backups`,
      );
    }
  },
});
