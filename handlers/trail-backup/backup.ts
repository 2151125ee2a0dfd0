import type { S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_CHECKPOINT_KEY, DEFAULT_COPY_CONCURRENCY } from "../../contracts/trail-backup";
import {
  deleteCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointLocation,
} from "./checkpoint";
import { describeError } from "../shared/aws-errors";
import type { TrailBackupConfig } from "./config";
import { copyObject } from "./copy";
import { NoProgressError } from "./errors";
import type { BackupRequest } from "./event";
import { BackupListing, isBackedUp, isOldEnough, listPages, type ListedObject } from "./listing";
import { sleep, withRetries, type RetryPolicy } from "./retry";

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

export interface FailedCopy {
  readonly key: string;
  readonly error: string;
}

export interface TrailBackupDeps {
  readonly s3: S3Client;
  /** Milliseconds left before the invocation is killed (the Lambda context's countdown). */
  readonly remainingMs: () => number;
  /** Stop starting copies when fewer milliseconds than this remain. */
  readonly reserveMs: number;
  readonly now?: () => Date;
  readonly retry?: Partial<RetryPolicy>;
  /** Listing page size (S3's maximum is 1000). */
  readonly pageSize?: number;
  /** Objects larger than this are copied in parts. Defaults to 5 GiB. */
  readonly multipartThreshold?: number;
  readonly partBytes?: number;
  readonly onFailure?: (failure: FailedCopy) => void;
}

type Settings = Pick<
  TrailBackupConfig,
  "sourceBucket" | "sourcePrefix" | "backupBucket" | "backupPrefix" | "thresholdDays"
> &
  Partial<Pick<TrailBackupConfig, "checkpointKey" | "concurrency">>;

/**
 * Copies every source object at least `thresholdDays` old (as of `request.asOf`) that the backup
 * does not hold yet to `backupPrefix + key`, in key order, resuming after the saved checkpoint. When
 * time runs short it stops starting copies, lets those in flight finish and saves its place.
 */
export async function runTrailBackup(
  config: Settings,
  request: BackupRequest,
  deps: TrailBackupDeps,
): Promise<TrailBackupResult> {
  const { s3 } = deps;
  const checkpointLocation: CheckpointLocation = {
    bucket: config.backupBucket,
    key: config.checkpointKey ?? DEFAULT_CHECKPOINT_KEY,
  };
  const retry: RetryPolicy = {
    maxAttempts: 3,
    baseDelayMs: 200,
    sleep,
    random: Math.random,
    ...deps.retry,
  };
  const pageSize = deps.pageSize ?? 1000;
  const concurrency = config.concurrency ?? DEFAULT_COPY_CONCURRENCY;
  const hasTime = () => deps.remainingMs() > deps.reserveMs;

  // A dry run writes nothing, so it has no place to resume from either: it always scans everything.
  const checkpoint = request.dryRun ? undefined : await readCheckpoint(s3, checkpointLocation);
  const resumable = checkpoint && matches(checkpoint, config) ? checkpoint : undefined;
  const result: TrailBackupResult = {
    scanned: 0,
    eligible: 0,
    copied: 0,
    skipped: 0,
    failed: 0,
    complete: false,
    ...(resumable ? { resumedFrom: resumable.startAfter } : {}),
  };
  const startAfter = resumable?.startAfter;
  let cursor = startAfter;
  const backupListing = new BackupListing(() =>
    listPages(
      s3,
      config.backupBucket,
      config.backupPrefix + config.sourcePrefix,
      startAfter === undefined ? undefined : config.backupPrefix + startAfter,
      pageSize,
    ),
  );

  let stopped = false;
  for await (const page of listPages(
    s3,
    config.sourceBucket,
    config.sourcePrefix,
    startAfter,
    pageSize,
  )) {
    if (!hasTime()) {
      stopped = true;
      break;
    }
    const toCopy: { index: number; object: ListedObject }[] = [];
    let eligibleSeen = 0;
    const skippedAt: number[] = [];
    for (const [index, object] of page.entries()) {
      if (!isOldEnough(object.lastModified, request.asOf, config.thresholdDays)) continue;
      eligibleSeen++;
      const backup = await backupListing.find(config.backupPrefix + object.key);
      if (isBackedUp(object, backup)) skippedAt.push(index);
      else toCopy.push({ index, object });
    }

    let started = 0;
    if (!request.dryRun) {
      started = await runBounded(toCopy.length, concurrency, hasTime, async (taskIndex) => {
        const { object } = toCopy[taskIndex];
        try {
          await withRetries(retry, () =>
            copyObject(s3, object, {
              sourceBucket: config.sourceBucket,
              backupBucket: config.backupBucket,
              backupKey: config.backupPrefix + object.key,
              multipartThreshold: deps.multipartThreshold,
              partBytes: deps.partBytes,
            }),
          );
          result.copied++;
        } catch (error) {
          result.failed++;
          deps.onFailure?.({ key: object.key, error: describeError(error) });
        }
      });
    }
    // Everything before the first copy not started is done; that is where a continuation starts.
    const handled =
      request.dryRun || started === toCopy.length ? page.length : toCopy[started].index;
    result.scanned += handled;
    result.skipped += skippedAt.filter((index) => index < handled).length;
    result.eligible += request.dryRun
      ? eligibleSeen
      : skippedAt.filter((index) => index < handled).length + started;
    if (handled > 0) cursor = page[handled - 1].key;
    if (handled < page.length) {
      stopped = true;
      break;
    }
  }

  if (!stopped) {
    if (checkpoint && !request.dryRun) await deleteCheckpoint(s3, checkpointLocation);
    return { ...result, complete: true };
  }
  if (cursor === startAfter) {
    throw new NoProgressError(
      `stopped before copying anything: ${deps.remainingMs()} ms left, ${deps.reserveMs} ms kept in reserve`,
    );
  }
  if (!request.dryRun) {
    await writeCheckpoint(s3, checkpointLocation, {
      version: 1,
      sourceBucket: config.sourceBucket,
      sourcePrefix: config.sourcePrefix,
      backupPrefix: config.backupPrefix,
      startAfter: cursor!,
      asOf: request.asOf.toISOString(),
      savedAt: (deps.now?.() ?? new Date()).toISOString(),
    });
  }
  return result;
}

/** A checkpoint of another source or layout (the config changed) is not resumed. */
function matches(checkpoint: Checkpoint, config: Settings): boolean {
  return (
    checkpoint.sourceBucket === config.sourceBucket &&
    checkpoint.sourcePrefix === config.sourcePrefix &&
    checkpoint.backupPrefix === config.backupPrefix
  );
}

/**
 * Runs `work(0..count-1)` in order with at most `concurrency` at once, starting each only while
 * `mayStart()` holds. Returns how many were started: those all finished, the rest never began.
 */
async function runBounded(
  count: number,
  concurrency: number,
  mayStart: () => boolean,
  work: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && mayStart()) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return next;
}
