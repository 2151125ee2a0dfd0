import type { S3Client } from "@aws-sdk/client-s3";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import {
  DEFAULT_CHECKPOINT_KEY,
  DEFAULT_COPY_CONCURRENCY,
  TrailBackupLayout,
} from "../../contracts/trail-backup";
import {
  deleteCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointLocation,
} from "./checkpoint";
import { copyBatch, type CopyRun, type FailedCopy } from "./batch";
import { NoProgressError } from "./errors";
import type { BackupRequest } from "./event";
import { emptyResult, runCloudTrailBackup } from "./incremental";
import { BackupListing, isBackedUp, isOldEnough, listPages, type ListedObject } from "./listing";
import { sleep, type RetryPolicy } from "./retry";
import type { TrailBackupResult, TrailBackupSettings } from "./types";

export type { FailedCopy } from "./batch";

export interface TrailBackupDeps {
  readonly s3: S3Client;
  /** S3 Control, for Batch Operations jobs; without it a run always copies itself. */
  readonly s3control?: S3ControlClient;
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

/**
 * Copies every source object at least `thresholdDays` old (as of `request.asOf`) that the backup
 * does not hold yet to `backupPrefix + key`, in key order, resuming after the saved checkpoint. When
 * time runs short it stops starting copies, lets those in flight finish and saves its place.
 */
export async function runTrailBackup(
  config: TrailBackupSettings,
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
  const copyRun: CopyRun = {
    s3,
    sourceBucket: config.sourceBucket,
    backupBucket: config.backupBucket,
    backupPrefix: config.backupPrefix,
    retry,
    concurrency,
    hasTime,
    multipartThreshold: deps.multipartThreshold,
    partBytes: deps.partBytes,
    onFailure: deps.onFailure,
  };
  if (config.layout === TrailBackupLayout.CloudTrail) {
    return runCloudTrailBackup(config, request, {
      copyRun,
      pageSize,
      remainingMs: deps.remainingMs,
      reserveMs: deps.reserveMs,
      s3control: deps.s3control,
    });
  }

  // A dry run writes nothing, so it has no place to resume from either: it always scans everything.
  const checkpoint = request.dryRun ? undefined : await readCheckpoint(s3, checkpointLocation);
  const resumable = checkpoint && matches(checkpoint, config) ? checkpoint : undefined;
  const result: TrailBackupResult = {
    ...emptyResult(),
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
      const outcome = await copyBatch(
        copyRun,
        toCopy.map(({ object }) => object),
      );
      started = outcome.started;
      result.copied += outcome.copied;
      result.failed += outcome.failedKeys.length;
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
function matches(checkpoint: Checkpoint, config: TrailBackupSettings): boolean {
  return (
    checkpoint.sourceBucket === config.sourceBucket &&
    checkpoint.sourcePrefix === config.sourcePrefix &&
    checkpoint.backupPrefix === config.backupPrefix
  );
}
