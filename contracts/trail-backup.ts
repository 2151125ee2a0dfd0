/**
 * What the TrailBackup component and its handler (`handlers/trail-backup/`) agree on: the
 * environment the component sets and the handler reads, the defaults of both sides, the range of
 * `thresholdDays`, where the checkpoint lives and the metrics the alarms watch.
 */

/** The handler's environment variables. */
export const TRAIL_BACKUP_ENV = {
  sourceBucket: "SOURCE_BUCKET",
  sourcePrefix: "SOURCE_PREFIX",
  backupBucket: "BACKUP_BUCKET",
  backupPrefix: "BACKUP_PREFIX",
  thresholdDays: "THRESHOLD_DAYS",
  checkpointKey: "CHECKPOINT_KEY",
  copyConcurrency: "COPY_CONCURRENCY",
  continueBySelfInvoke: "CONTINUE_BY_SELF_INVOKE",
  layout: "LAYOUT",
  batchOperationsThreshold: "BATCH_OPERATIONS_THRESHOLD",
  batchOperationsRoleArn: "BATCH_OPERATIONS_ROLE_ARN",
} as const;

/**
 * How the handler finds what to copy. `cloudtrail` reads CloudTrail's key layout
 * (`AWSLogs/[<org-id>/]<account>/CloudTrail[-Digest|-Insight]/<region>/YYYY/MM/DD/…`) and lists
 * only the days that became old enough since the last run; keys outside that layout are still
 * scanned in full. `any` scans every key on every run and judges age by LastModified.
 */
export const TrailBackupLayout = {
  CloudTrail: "cloudtrail",
  Any: "any",
} as const;
export type TrailBackupLayout = (typeof TrailBackupLayout)[keyof typeof TrailBackupLayout];
export const DEFAULT_LAYOUT: TrailBackupLayout = TrailBackupLayout.CloudTrail;

/** A source key `k` is copied to `backupPrefix + k`. */
export const DEFAULT_BACKUP_PREFIX = "cloudtrail-backup/";
/** The backup bucket's folder of the handler's own state; never under the backup prefix. */
export const TRAIL_BACKUP_STATE_PREFIX = "trail-backup-state/";
/** Where, in the backup bucket, an unfinished run saves its place; never under the backup prefix. */
export const DEFAULT_CHECKPOINT_KEY = `${TRAIL_BACKUP_STATE_PREFIX}checkpoint.json`;
/**
 * In the `cloudtrail` layout: the discovered account and region prefixes and one watermark (the
 * last day fully copied) per prefix, in the backup bucket beside the checkpoint.
 */
export const LAYOUT_STATE_KEY = `${TRAIL_BACKUP_STATE_PREFIX}layout.json`;
/**
 * Days a discovery of the prefixes is reused. A prefix that appears later is found within this
 * many days, long before its first day is `thresholdDays` old.
 */
export const DISCOVERY_REFRESH_DAYS = 7;

/**
 * A `cloudtrail`-layout run with more objects to copy than this submits an S3 Batch Operations copy
 * job instead of copying them itself; `0` never does.
 */
export const DEFAULT_BATCH_OPERATIONS_THRESHOLD = 100_000;
export const BATCH_OPERATIONS_THRESHOLD_RANGE = { min: 0, max: 1_000_000_000 } as const;
/** The Batch Operations jobs' CSV manifests, in the backup bucket. */
export const BATCH_MANIFEST_PREFIX = `${TRAIL_BACKUP_STATE_PREFIX}batch/manifests/`;
/** The jobs' completion reports (S3 adds `/job-<id>/…`), in the backup bucket. */
export const BATCH_REPORT_PREFIX = `${TRAIL_BACKUP_STATE_PREFIX}batch/reports`;
/** Five days before a 90-day expiry of the source objects. */
export const DEFAULT_THRESHOLD_DAYS = 85;
/** The ages in whole days an object may need before it is copied. */
export const THRESHOLD_DAYS_RANGE = { min: 1, max: 3650 } as const;
/** Copies in flight at once, and how many the handler allows. */
export const DEFAULT_COPY_CONCURRENCY = 32;
export const COPY_CONCURRENCY_RANGE = { min: 1, max: 256 } as const;

/** Daily at 02:00 UTC. */
export const DEFAULT_SCHEDULE = "cron(0 2 * * ? *)";
/** Seconds; a run that nears it continues in a new invocation. */
export const DEFAULT_TIMEOUT_SECONDS = 900;
export const DEFAULT_ARCHIVE_STORAGE_CLASS = "GLACIER";
export const DEFAULT_ARCHIVE_AFTER_DAYS = 30;

/** The handler's embedded-metric namespace and `service` dimension. */
export const TRAIL_BACKUP_METRIC_NAMESPACE = "opsguard/TrailBackup";
export const TRAIL_BACKUP_SERVICE_NAME = "trail-backup";
/** The metrics of one run; the component alarms on `objectsFailed`. */
export const TRAIL_BACKUP_METRICS = {
  objectsCopied: "ObjectsCopied",
  objectsSkipped: "ObjectsSkipped",
  objectsFailed: "ObjectsFailed",
} as const;
