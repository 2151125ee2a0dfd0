import { booleanEnv, ConfigError, integerEnv, optionalEnv, requireEnv } from "../shared/env";

export const DEFAULT_BACKUP_PREFIX = "cloudtrail-backup/";
export const DEFAULT_CHECKPOINT_KEY = "trail-backup-state/checkpoint.json";
export const DEFAULT_THRESHOLD_DAYS = 85;

export interface TrailBackupConfig {
  readonly sourceBucket: string;
  /** Only keys under this prefix are backed up. Empty: the whole bucket. */
  readonly sourcePrefix: string;
  readonly backupBucket: string;
  /** A source key `k` is copied to `backupPrefix + k`. */
  readonly backupPrefix: string;
  /** An object is copied once it is at least this many whole days old. */
  readonly thresholdDays: number;
  /** Where, in the backup bucket, an unfinished run saves its place. Outside `backupPrefix`. */
  readonly checkpointKey: string;
  /** Copies in flight at once. */
  readonly concurrency: number;
  /** Re-invoke the function asynchronously to continue a run that ran out of time. */
  readonly continueBySelfInvoke: boolean;
}

/** Reads the handler's settings from its environment; every error names the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): TrailBackupConfig {
  const backupPrefix = optionalEnv(env, "BACKUP_PREFIX", DEFAULT_BACKUP_PREFIX);
  const checkpointKey = optionalEnv(env, "CHECKPOINT_KEY", DEFAULT_CHECKPOINT_KEY);
  // The checkpoint must not be listed as a backup, nor archived to Glacier by the backup's lifecycle.
  if (checkpointKey.startsWith(backupPrefix)) {
    throw new ConfigError(
      `CHECKPOINT_KEY "${checkpointKey}" must not be under BACKUP_PREFIX "${backupPrefix}"`,
    );
  }
  return {
    sourceBucket: requireEnv(env, "SOURCE_BUCKET"),
    sourcePrefix: env.SOURCE_PREFIX?.trim() ?? "",
    backupBucket: requireEnv(env, "BACKUP_BUCKET"),
    backupPrefix,
    thresholdDays: integerEnv(env, "THRESHOLD_DAYS", DEFAULT_THRESHOLD_DAYS, { min: 0, max: 3650 }),
    checkpointKey,
    concurrency: integerEnv(env, "COPY_CONCURRENCY", 32, { min: 1, max: 256 }),
    continueBySelfInvoke: booleanEnv(env, "CONTINUE_BY_SELF_INVOKE", false),
  };
}
