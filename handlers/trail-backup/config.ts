import {
  COPY_CONCURRENCY_RANGE,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_CHECKPOINT_KEY,
  DEFAULT_COPY_CONCURRENCY,
  DEFAULT_THRESHOLD_DAYS,
  THRESHOLD_DAYS_RANGE,
  TRAIL_BACKUP_ENV as ENV,
} from "../../contracts/trail-backup";
import { readEnv } from "../shared/env";

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

/** Reads the handler's settings from its environment; every error names its variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): TrailBackupConfig {
  return readEnv(env, (read) => {
    const backupPrefix = read.optional(ENV.backupPrefix, DEFAULT_BACKUP_PREFIX);
    const checkpointKey = read.optional(ENV.checkpointKey, DEFAULT_CHECKPOINT_KEY);
    // The checkpoint must not be listed as a backup, nor archived to Glacier by the backup's lifecycle.
    if (checkpointKey.startsWith(backupPrefix)) {
      read.problem(
        `${ENV.checkpointKey} "${checkpointKey}" must not be under ${ENV.backupPrefix} "${backupPrefix}"`,
      );
    }
    return {
      sourceBucket: read.required(ENV.sourceBucket),
      sourcePrefix: env[ENV.sourcePrefix]?.trim() ?? "",
      backupBucket: read.required(ENV.backupBucket),
      backupPrefix,
      thresholdDays: read.integer(ENV.thresholdDays, DEFAULT_THRESHOLD_DAYS, THRESHOLD_DAYS_RANGE),
      checkpointKey,
      concurrency: read.integer(
        ENV.copyConcurrency,
        DEFAULT_COPY_CONCURRENCY,
        COPY_CONCURRENCY_RANGE,
      ),
      continueBySelfInvoke: read.boolean(ENV.continueBySelfInvoke, false),
    };
  });
}
