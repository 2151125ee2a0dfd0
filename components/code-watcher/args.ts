import type * as pulumi from "@pulumi/pulumi";
import { componentArgsError } from "../core/errors";
import type { ComponentAlarmArgs } from "../core/failure-alarms";

export interface CodeWatcherArgs extends ComponentAlarmArgs {
  /** Names of the functions to watch (and sweep on the schedule). Defaults to every function in the region. */
  readonly watchedFunctions?: string[];
  /** An existing bucket for the backups; versioning is turned on by the watcher. Defaults to a new `SecureBucket`. */
  readonly bucketName?: pulumi.Input<string>;
  /** A customer-managed KMS key of the bucket; only then the role may use KMS. Defaults to none (SSE-S3). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Key prefix of the backups. Defaults to `DEFAULT_DEST_PREFIX` (`lambda-code-backups`). */
  readonly destPrefix?: string;
  /** Key prefix of the state objects. Defaults to `defaultStatePrefix(destPrefix)` (`<destPrefix>/.state`). */
  readonly statePrefix?: string;
  /**
   * A schedule expression (`rate(1 day)`, `cron(…)`) for a sweep; needs `watchedFunctions` or
   * `sweepAllFunctions`. Defaults to none.
   */
  readonly schedule?: string;
  /**
   * Whether the sweep covers every function in the region (grants `lambda:ListFunctions`); excludes
   * `watchedFunctions`. Defaults to false.
   */
  readonly sweepAllFunctions?: boolean;
  /** Timeout of the watcher in seconds. Defaults to `DEFAULT_TIMEOUT_SECONDS` (300). */
  readonly timeout?: number;
  /** Log retention in days. Defaults to `LambdaFunction`'s (90). */
  readonly logRetentionDays?: number;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a CodeWatcher contradict each other; the message names the field. */
export const CodeWatcherArgsError = componentArgsError("CodeWatcher");
export type CodeWatcherArgsError = InstanceType<typeof CodeWatcherArgsError>;

/** Checks what the types cannot: the sweep knows what to sweep, and only one way. */
export function validateCodeWatcherArgs(name: string, args: CodeWatcherArgs): void {
  const watched = args.watchedFunctions ?? [];
  const sweepAll = args.sweepAllFunctions ?? false;
  if (sweepAll && watched.length > 0) {
    throw new CodeWatcherArgsError(
      name,
      "sweepAllFunctions and watchedFunctions exclude each other",
    );
  }
  if (args.schedule && !sweepAll && watched.length === 0) {
    throw new CodeWatcherArgsError(name, "schedule needs watchedFunctions or sweepAllFunctions");
  }
}
