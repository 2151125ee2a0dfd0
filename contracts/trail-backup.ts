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
} as const;

/** A source key `k` is copied to `backupPrefix + k`. */
export const DEFAULT_BACKUP_PREFIX = "cloudtrail-backup/";
/** Where, in the backup bucket, an unfinished run saves its place; never under the backup prefix. */
export const DEFAULT_CHECKPOINT_KEY = "trail-backup-state/checkpoint.json";
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
