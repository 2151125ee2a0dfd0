import {
  COPY_CONCURRENCY_RANGE,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_CHECKPOINT_KEY,
  DEFAULT_COPY_CONCURRENCY,
  DEFAULT_THRESHOLD_DAYS,
  THRESHOLD_DAYS_RANGE,
  TRAIL_BACKUP_ENV as ENV,
} from "../../contracts/trail-backup";
import { booleanEnv, ConfigError, integerEnv, optionalEnv, requireEnv } from "../shared/env";

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
  const backupPrefix = optionalEnv(env, ENV.backupPrefix, DEFAULT_BACKUP_PREFIX);
  const checkpointKey = optionalEnv(env, ENV.checkpointKey, DEFAULT_CHECKPOINT_KEY);
  // The checkpoint must not be listed as a backup, nor archived to Glacier by the backup's lifecycle.
  if (checkpointKey.startsWith(backupPrefix)) {
    throw new ConfigError(
      `${ENV.checkpointKey} "${checkpointKey}" must not be under ${ENV.backupPrefix} "${backupPrefix}"`,
    );
  }
  return {
    sourceBucket: requireEnv(env, ENV.sourceBucket),
    sourcePrefix: env[ENV.sourcePrefix]?.trim() ?? "",
    backupBucket: requireEnv(env, ENV.backupBucket),
    backupPrefix,
    thresholdDays: integerEnv(env, ENV.thresholdDays, DEFAULT_THRESHOLD_DAYS, THRESHOLD_DAYS_RANGE),
    checkpointKey,
    concurrency: integerEnv(
      env,
      ENV.copyConcurrency,
      DEFAULT_COPY_CONCURRENCY,
      COPY_CONCURRENCY_RANGE,
    ),
    continueBySelfInvoke: booleanEnv(env, ENV.continueBySelfInvoke, false),
  };
}
