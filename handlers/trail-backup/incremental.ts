import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { DISCOVERY_REFRESH_DAYS, LAYOUT_STATE_KEY } from "../../contracts/trail-backup";
import { copyBatch, type CopyRun } from "./batch";
import { submitCopyJob } from "./batch-operations";
import { holdBack, settlePendingJob } from "./pending-job";
import type { TrailBackupResult, TrailBackupSettings } from "./types";
import { NoProgressError } from "./errors";
import type { BackupRequest } from "./event";
import { discoverFolders, type DiscoveredFolders } from "./discovery";
import { dayOfKey, lastEligibleDay, previousDay, startAfterDay, type Day } from "./layout";
import {
  readLayoutState,
  writeLayoutState,
  type LayoutState,
  type Watermark,
} from "./layout-state";
import { BackupListing, isBackedUp, isOldEnough, listPages, type ListedObject } from "./listing";

const DAY_MS = 86_400_000;

/** A result before any object is looked at. */
export function emptyResult(): TrailBackupResult {
  return { scanned: 0, eligible: 0, copied: 0, skipped: 0, failed: 0, complete: false };
}

export interface CloudTrailRunDeps {
  readonly copyRun: CopyRun;
  readonly pageSize: number;
  readonly remainingMs: () => number;
  readonly reserveMs: number;
  /** Needed to submit and follow Batch Operations jobs. */
  readonly s3control?: S3ControlClient;
}

/**
 * The `cloudtrail` layout: copies, per day tree (`…/<region>/`), the day folders after its
 * watermark up to the last day that is `thresholdDays` old, and scans the folders outside the layout
 * in full. A tree seen for the first time is listed whole and checked against the backup, so a
 * backup that already holds everything is copied to nothing. A watermark moves to a day only once
 * every eligible object of it and of the days before is in the backup.
 */
export async function runCloudTrailBackup(
  config: TrailBackupSettings,
  request: BackupRequest,
  deps: CloudTrailRunDeps,
): Promise<TrailBackupResult> {
  const { copyRun, pageSize } = deps;
  const { s3 } = copyRun;
  const location = { bucket: config.backupBucket, key: LAYOUT_STATE_KEY };
  const saved = await readLayoutState(s3, location);
  let previous = saved && sameSource(saved, config) ? saved : undefined;
  const result = emptyResult();
  if (previous?.pendingJob && deps.s3control) {
    const settled = await settlePendingJob(
      { ...previous, pendingJob: previous.pendingJob },
      deps.s3control,
      request.dryRun ? { ...copyRun, hasTime: () => false } : copyRun,
    );
    // Until the job ends, its keys and watermarks are its own: the run waits for it.
    if (settled.running || request.dryRun) return { ...result, complete: true };
    result.eligible += settled.retried.started;
    result.copied += settled.retried.copied;
    result.failed += settled.retried.failedKeys.length;
    previous = { ...previous, pendingJob: undefined, watermarks: settled.watermarks };
  }
  const folders: DiscoveredFolders & { discoveredAt: string } =
    previous && isFresh(previous, request.asOf)
      ? previous
      : {
          ...(await discoverFolders(s3, config.sourceBucket, config.sourcePrefix, pageSize)),
          discoveredAt: request.asOf.toISOString(),
        };
  const lastDay = lastEligibleDay(request.asOf, config.thresholdDays);
  let stopped = false;
  let progressed = false;
  const threshold = config.batchOperationsThreshold ?? 0;
  // With a threshold, the objects to copy are gathered first: a job, or the run's own copies.
  const gathering =
    !request.dryRun && threshold > 0 && !!config.batchOperationsRoleArn && !!deps.s3control;
  const gathered: ListedObject[] = [];

  /** Copies the eligible objects of one page the backup lacks; whether every copy was started. */
  const handlePage = async (
    objects: readonly ListedObject[],
    isEligible: (object: ListedObject) => boolean,
    backup: BackupListing | undefined,
  ): Promise<{ complete: boolean; failedKeys: readonly string[] }> => {
    result.scanned += objects.length;
    progressed = true;
    const toCopy: ListedObject[] = [];
    let skipped = 0;
    for (const object of objects) {
      if (!isEligible(object)) continue;
      const backedUp =
        backup && isBackedUp(object, await backup.find(config.backupPrefix + object.key));
      if (backedUp) skipped++;
      else toCopy.push(object);
    }
    result.skipped += skipped;
    if (request.dryRun || gathering) {
      result.eligible += skipped + (request.dryRun ? toCopy.length : 0);
      gathered.push(...(gathering ? toCopy : []));
      return { complete: true, failedKeys: [] };
    }
    const outcome = await copyBatch(copyRun, toCopy);
    result.eligible += skipped + outcome.started;
    result.copied += outcome.copied;
    result.failed += outcome.failedKeys.length;
    if (outcome.started < toCopy.length) stopped = true;
    return { complete: outcome.started === toCopy.length, failedKeys: outcome.failedKeys };
  };
  const backupListing = (prefix: string, delimiter?: string, startAfter?: string) =>
    new BackupListing(() =>
      listPages(
        s3,
        config.backupBucket,
        config.backupPrefix + prefix,
        startAfter === undefined ? undefined : config.backupPrefix + startAfter,
        pageSize,
        delimiter,
      ),
    );
  const hasTime = () => {
    if (!copyRun.hasTime()) stopped = true;
    return !stopped;
  };

  const watermarks: Record<string, Watermark> = {};
  for (const tree of folders.dayTrees) {
    const mark = previous?.watermarks[tree];
    if (mark) watermarks[tree] = mark;
    if (!hasTime()) continue;
    const next = mark ? await followTree(tree, mark) : await firstLookAtTree(tree);
    if (next) watermarks[tree] = next;
  }

  /** A tree without a watermark: all of it, against the backup. */
  async function firstLookAtTree(tree: string): Promise<Watermark | undefined> {
    const backup = backupListing(tree);
    let firstFailedDay: Day | undefined;
    let offLayoutFailed = false;
    const isEligible = (object: ListedObject) => {
      const day = dayOfKey(object.key, tree);
      return day === undefined
        ? isOldEnough(object.lastModified, request.asOf, config.thresholdDays)
        : day <= lastDay;
    };
    for await (const page of listPages(s3, config.sourceBucket, tree, undefined, pageSize)) {
      if (!hasTime()) return undefined;
      const outcome = await handlePage(page, isEligible, backup);
      for (const key of outcome.failedKeys) {
        const day = dayOfKey(key, tree);
        if (day === undefined) offLayoutFailed = true;
        else if (firstFailedDay === undefined || day < firstFailedDay) firstFailedDay = day;
      }
      if (!outcome.complete) return undefined;
    }
    if (request.dryRun || offLayoutFailed) return undefined;
    if (firstFailedDay === undefined) return { day: lastDay, clean: true };
    return { day: previousDay(firstFailedDay), clean: false };
  }

  /**
   * A tree with a watermark: the day folders after it, in one listing that starts after the
   * watermark's day and ends at the first key of a day not yet eligible. Its requests grow with the
   * objects of those days, not with the days: a watermark years old costs what its objects cost.
   */
  async function followTree(tree: string, mark: Watermark): Promise<Watermark> {
    let day = mark.day;
    let blocked = false;
    /** The latest day some object of which this run handled (copied, or tried to). */
    let handledThrough: Day | undefined;
    let reachedEnd = true;
    if (mark.day < lastDay) {
      const startAfter = startAfterDay(tree, mark.day);
      // After a clean finish nothing past the watermark was copied: no need to look at the backup.
      const backup = mark.clean ? undefined : backupListing(tree, undefined, startAfter);
      listing: for await (const page of listPages(
        s3,
        config.sourceBucket,
        tree,
        startAfter,
        pageSize,
      )) {
        for (const [next, objects] of groupByDay(page, tree)) {
          if (next > lastDay) break listing;
          // Every day before this one is listed and handled: days without a folder included.
          if (!blocked) day = previousDay(next);
          if (!hasTime()) {
            reachedEnd = false;
            break listing;
          }
          const outcome = await handlePage(objects, () => true, backup);
          handledThrough = next;
          if (outcome.failedKeys.length > 0 || !outcome.complete) blocked = true;
          if (stopped) {
            reachedEnd = false;
            break listing;
          }
        }
      }
      if (reachedEnd && !blocked) day = lastDay;
    }
    if (request.dryRun) return mark;
    // Clean: no object after the watermark was touched, so the next run need not read the backup.
    const touchedBeyond = handledThrough !== undefined && handledThrough > day;
    return { day, clean: !touchedBeyond && (mark.clean || day === lastDay) };
  }

  // Outside the layout: every run scans these in full and judges age by LastModified.
  const olderThanThreshold = (object: ListedObject) =>
    isOldEnough(object.lastModified, request.asOf, config.thresholdDays);
  for (const folder of folders.looseObjectFolders) {
    const backup = backupListing(folder, "/");
    for await (const page of listPages(s3, config.sourceBucket, folder, undefined, pageSize, "/")) {
      if (!hasTime()) break;
      await handlePage(page, olderThanThreshold, backup);
    }
  }
  for (const folder of folders.fullScans) {
    const backup = backupListing(folder);
    for await (const page of listPages(s3, config.sourceBucket, folder, undefined, pageSize)) {
      if (!hasTime()) break;
      await handlePage(page, olderThanThreshold, backup);
    }
  }

  if (stopped && !progressed) {
    throw new NoProgressError(
      `stopped before copying anything: ${deps.remainingMs()} ms left, ${deps.reserveMs} ms kept in reserve`,
    );
  }
  let watermarksToWrite = watermarks;
  let pendingJob: LayoutState["pendingJob"];
  if (gathering && gathered.length > threshold) {
    const job = await submitCopyJob(
      s3,
      deps.s3control!,
      {
        sourceBucket: config.sourceBucket,
        backupBucket: config.backupBucket,
        backupPrefix: config.backupPrefix,
        roleArn: config.batchOperationsRoleArn!,
      },
      gathered.map((object) => object.key),
      request.asOf,
    );
    result.eligible += gathered.length;
    // The watermarks move when a later run has seen the job complete.
    watermarksToWrite = Object.fromEntries(
      Object.entries(previous?.watermarks ?? {}).filter(([tree]) =>
        folders.dayTrees.includes(tree),
      ),
    );
    pendingJob = { ...job, watermarks };
  } else if (gathering) {
    const outcome = await copyBatch(copyRun, gathered);
    result.eligible += outcome.started;
    result.copied += outcome.copied;
    result.failed += outcome.failedKeys.length;
    if (outcome.started < gathered.length) stopped = true;
    watermarksToWrite = holdBack(watermarks, folders.dayTrees, [
      ...outcome.failedKeys,
      ...gathered.slice(outcome.started).map((object) => object.key),
    ]);
  }

  if (!request.dryRun) {
    await writeLayoutState(s3, location, {
      version: 1,
      sourceBucket: config.sourceBucket,
      sourcePrefix: config.sourcePrefix,
      backupPrefix: config.backupPrefix,
      discoveredAt: folders.discoveredAt,
      dayTrees: folders.dayTrees,
      fullScans: folders.fullScans,
      looseObjectFolders: folders.looseObjectFolders,
      watermarks: watermarksToWrite,
      ...(pendingJob ? { pendingJob } : {}),
    });
  }
  return { ...result, complete: !stopped };
}

/**
 * The objects of a page in the tree's day folders, as runs of one day each in key order; keys
 * outside the day folders are left out, as a tree with a watermark reads only its days.
 */
function groupByDay(page: readonly ListedObject[], tree: string): [Day, ListedObject[]][] {
  const groups: [Day, ListedObject[]][] = [];
  for (const object of page) {
    const day = dayOfKey(object.key, tree);
    if (day === undefined) continue;
    const last = groups.at(-1);
    if (last && last[0] === day) last[1].push(object);
    else groups.push([day, [object]]);
  }
  return groups;
}

/** State of another source or backup prefix (the config changed) is not used. */
function sameSource(state: LayoutState, config: TrailBackupSettings): boolean {
  return (
    state.sourceBucket === config.sourceBucket &&
    state.sourcePrefix === config.sourcePrefix &&
    state.backupPrefix === config.backupPrefix
  );
}

function isFresh(state: LayoutState, asOf: Date): boolean {
  return (
    Math.abs(asOf.getTime() - Date.parse(state.discoveredAt)) < DISCOVERY_REFRESH_DAYS * DAY_MS
  );
}
