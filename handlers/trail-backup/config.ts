import {
  COPY_CONCURRENCY_RANGE,
  BATCH_OPERATIONS_THRESHOLD_RANGE,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_BATCH_OPERATIONS_THRESHOLD,
  DEFAULT_CHECKPOINT_KEY,
  DEFAULT_COPY_CONCURRENCY,
  DEFAULT_LAYOUT,
  DEFAULT_THRESHOLD_DAYS,
  LAYOUT_STATE_KEY,
  THRESHOLD_DAYS_RANGE,
  TRAIL_BACKUP_ENV as ENV,
  TrailBackupLayout,
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
  /** `cloudtrail`: list only the days that became old enough; `any`: scan every key. */
  readonly layout: TrailBackupLayout;
  /** More objects to copy than this go to a Batch Operations job (`cloudtrail` layout); 0: never. */
  readonly batchOperationsThreshold: number;
  /** The role the Batch Operations jobs run as; needed when the threshold is not 0. */
  readonly batchOperationsRoleArn?: string;
}

const LAYOUTS: readonly string[] = Object.values(TrailBackupLayout);

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
    if (LAYOUT_STATE_KEY.startsWith(backupPrefix)) {
      read.problem(`${ENV.backupPrefix} "${backupPrefix}" must not contain ${LAYOUT_STATE_KEY}`);
    }
    const layout = read.optional(ENV.layout, DEFAULT_LAYOUT);
    if (!LAYOUTS.includes(layout)) {
      read.problem(`${ENV.layout} must be one of ${LAYOUTS.join(", ")}, got "${layout}"`);
    }
    const batchOperationsRoleArn = env[ENV.batchOperationsRoleArn]?.trim() || undefined;
    // Without a role to run them as, no job can be submitted: the default is then never.
    const batchOperationsThreshold = read.integer(
      ENV.batchOperationsThreshold,
      batchOperationsRoleArn ? DEFAULT_BATCH_OPERATIONS_THRESHOLD : 0,
      BATCH_OPERATIONS_THRESHOLD_RANGE,
    );
    if (batchOperationsThreshold > 0 && !batchOperationsRoleArn) {
      read.problem(
        `${ENV.batchOperationsThreshold} is ${batchOperationsThreshold} but ${ENV.batchOperationsRoleArn} is not set (set the threshold to 0 to never submit a job)`,
      );
    }
    if (batchOperationsThreshold > 0 && !backupPrefix.endsWith("/")) {
      read.problem(
        `${ENV.backupPrefix} "${backupPrefix}" must end with "/" for Batch Operations, which copy into a folder (or set ${ENV.batchOperationsThreshold} to 0)`,
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
      layout: layout as TrailBackupLayout,
      batchOperationsThreshold,
      ...(batchOperationsRoleArn ? { batchOperationsRoleArn } : {}),
    };
  });
}
