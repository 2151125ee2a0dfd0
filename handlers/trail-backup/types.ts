import type { TrailBackupConfig } from "./config";

export interface TrailBackupResult {
  scanned: number;
  /** Objects old enough to back up: copied + skipped + failed (in a dry run, the rest would be copied). */
  eligible: number;
  copied: number;
  /** Eligible objects the backup already holds. */
  skipped: number;
  failed: number;
  /** False when the run stopped for time and saved a checkpoint to continue from. */
  complete: boolean;
  /** The source key after which this run started, when it continued a checkpoint. */
  resumedFrom?: string;
}

/** The core's settings; `layout` left out is `any` (`configFromEnv` defaults it to `cloudtrail`). */
export type TrailBackupSettings = Pick<
  TrailBackupConfig,
  "sourceBucket" | "sourcePrefix" | "backupBucket" | "backupPrefix" | "thresholdDays"
> &
  Partial<
    Pick<
      TrailBackupConfig,
      | "checkpointKey"
      | "concurrency"
      | "layout"
      | "batchOperationsThreshold"
      | "batchOperationsRoleArn"
    >
  >;
