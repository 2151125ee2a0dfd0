import type * as pulumi from "@pulumi/pulumi";
import {
  BATCH_OPERATIONS_THRESHOLD_RANGE,
  DEFAULT_CHECKPOINT_KEY,
  LAYOUT_STATE_KEY,
  THRESHOLD_DAYS_RANGE,
} from "../../contracts/trail-backup";
import { componentArgsError } from "../core/errors";
import type { ComponentAlarmArgs } from "../core/failure-alarms";

/** Where backups go after `archiveAfterDays`. */
export const ArchiveStorageClass = {
  /** Glacier Flexible Retrieval: minutes to hours to restore. */
  Glacier: "GLACIER",
  /** Glacier Deep Archive: the cheapest, up to 12 hours to restore. */
  DeepArchive: "DEEP_ARCHIVE",
} as const;
export type ArchiveStorageClass = (typeof ArchiveStorageClass)[keyof typeof ArchiveStorageClass];

/**
 * How the backup finds what to copy (the handler's `LAYOUT`); the values are the contract's
 * `TrailBackupLayout`.
 */
export const BackupLayout = {
  /** Reads CloudTrail's day folders: a daily run lists only the day that became old enough. */
  CloudTrail: "cloudtrail",
  /** Lists every key on every run and judges age by LastModified. */
  Any: "any",
} as const;
export type BackupLayout = (typeof BackupLayout)[keyof typeof BackupLayout];

/** How Object Lock protects each backup version. */
export const ObjectLockMode = {
  /** Users with `s3:BypassGovernanceRetention` may still delete. */
  Governance: "GOVERNANCE",
  /** Nobody may delete before the retention ends, not even the root user. */
  Compliance: "COMPLIANCE",
} as const;
export type ObjectLockMode = (typeof ObjectLockMode)[keyof typeof ObjectLockMode];

/** Object Lock default retention of the backup bucket. */
export interface TrailBackupObjectLock {
  /** `GOVERNANCE` (privileged users may delete) or `COMPLIANCE` (nobody may, not even root). */
  readonly mode: ObjectLockMode;
  /** Days each backup version is locked. */
  readonly days: number;
}

export interface TrailBackupArgs extends ComponentAlarmArgs {
  /** The existing bucket CloudTrail writes to. */
  readonly sourceBucketName: pulumi.Input<string>;
  /** Only keys under this prefix are backed up, e.g. `AWSLogs/`. Defaults to the whole bucket. */
  readonly sourcePrefix?: string;
  /** A source key `k` is copied to `backupPrefix + k`. Defaults to `DEFAULT_BACKUP_PREFIX` (`cloudtrail-backup/`). */
  readonly backupPrefix?: string;
  /**
   * Objects at least this many days old are copied, within `THRESHOLD_DAYS_RANGE` (1–3650).
   * Defaults to `DEFAULT_THRESHOLD_DAYS` (85): five days before a 90-day expiry.
   */
  readonly thresholdDays?: number;
  /** When the backup runs, as an EventBridge schedule expression. Defaults to `DEFAULT_SCHEDULE` (`cron(0 2 * * ? *)`). */
  readonly schedule?: string;
  /**
   * Where backups go after `archiveAfterDays`. Defaults to `DEFAULT_ARCHIVE_STORAGE_CLASS`
   * (`GLACIER`, Glacier Flexible Retrieval).
   */
  readonly archiveStorageClass?: ArchiveStorageClass;
  /** Days after the copy before the backup moves to `archiveStorageClass`. Defaults to `DEFAULT_ARCHIVE_AFTER_DAYS` (30). */
  readonly archiveAfterDays?: number;
  /**
   * Only backups larger than this many bytes move to `archiveStorageClass` (a lifecycle
   * `objectSizeGreaterThan` filter, which overrides S3's default minimum). `0` archives every
   * object. Defaults to S3's default: objects under 128 KB stay in S3 Standard, because each archived
   * object costs a transition request and about 40 KB of billed overhead, more than a small
   * CloudTrail file saves (see the handler's README).
   */
  readonly archiveMinimumObjectSize?: number;
  /**
   * `cloudtrail`: list only the day folders that became old enough since the last run (keys
   * outside CloudTrail's layout are still scanned in full); `any`: list every key on every run.
   * Defaults to `DEFAULT_LAYOUT` (`cloudtrail`).
   */
  readonly layout?: BackupLayout;
  /**
   * In the `cloudtrail` layout, a run with more objects to copy than this writes a manifest and
   * submits an S3 Batch Operations copy job (run as a role the component creates) instead of
   * copying them itself; `0` never does, and creates no role. Defaults to
   * `DEFAULT_BATCH_OPERATIONS_THRESHOLD` (100,000).
   */
  readonly batchOperationsThreshold?: number;
  /** Object Lock default retention on the backup bucket (only at creation). Defaults to off. */
  readonly objectLock?: TrailBackupObjectLock;
  /** The KMS key of the source bucket when it is SSE-KMS: the role gets `kms:Decrypt` on it. Defaults to none (SSE-S3). */
  readonly sourceKmsKeyArn?: pulumi.Input<string>;
  /**
   * The function's timeout in seconds; a run that nears it continues in a new invocation.
   * Defaults to `DEFAULT_TIMEOUT_SECONDS` (900).
   */
  readonly timeout?: number;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a TrailBackup cannot make a working backup; the message names the field. */
export const TrailBackupArgsError = componentArgsError("TrailBackup");
export type TrailBackupArgsError = InstanceType<typeof TrailBackupArgsError>;

/** Checks what the types cannot: the checkpoint stays outside the backups; the threshold's range. */
export function validateTrailBackupArgs(name: string, args: TrailBackupArgs): void {
  const fail = (problem: string) => {
    throw new TrailBackupArgsError(name, problem);
  };
  if (args.backupPrefix !== undefined && DEFAULT_CHECKPOINT_KEY.startsWith(args.backupPrefix)) {
    fail(`backupPrefix "${args.backupPrefix}" must not contain ${DEFAULT_CHECKPOINT_KEY}`);
  }
  if (args.backupPrefix !== undefined && LAYOUT_STATE_KEY.startsWith(args.backupPrefix)) {
    fail(`backupPrefix "${args.backupPrefix}" must not contain ${LAYOUT_STATE_KEY}`);
  }
  const layouts: readonly string[] = Object.values(BackupLayout);
  if (args.layout !== undefined && !layouts.includes(args.layout)) {
    fail(`layout must be one of ${layouts.join(", ")}, got ${JSON.stringify(args.layout)}`);
  }
  const { min: minJobs, max: maxJobs } = BATCH_OPERATIONS_THRESHOLD_RANGE;
  const jobs = args.batchOperationsThreshold;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < minJobs || jobs > maxJobs)) {
    fail(`batchOperationsThreshold must be an integer from ${minJobs} to ${maxJobs}, got ${jobs}`);
  }
  if (jobs !== 0 && args.backupPrefix !== undefined && !args.backupPrefix.endsWith("/")) {
    fail(
      `backupPrefix "${args.backupPrefix}" must end with "/" for Batch Operations, which copy into a folder (or set batchOperationsThreshold to 0)`,
    );
  }
  const minimumSize = args.archiveMinimumObjectSize;
  if (minimumSize !== undefined && (!Number.isInteger(minimumSize) || minimumSize < 0)) {
    fail(`archiveMinimumObjectSize must be a whole number of bytes, 0 or more, got ${minimumSize}`);
  }
  const { min, max } = THRESHOLD_DAYS_RANGE;
  const days = args.thresholdDays;
  if (days !== undefined && (!Number.isInteger(days) || days < min || days > max)) {
    fail(`thresholdDays must be an integer from ${min} to ${max}, got ${days}`);
  }
}
