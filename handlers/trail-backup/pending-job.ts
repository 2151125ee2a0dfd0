import { HeadObjectCommand } from "@aws-sdk/client-s3";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { copyBatch, type BatchOutcome, type CopyRun } from "./batch";
import { endedStatus, failedKeysOfReport } from "./batch-operations";
import { dayOfKey, previousDay } from "./layout";
import type { LayoutState, Watermark } from "./layout-state";
import type { ListedObject } from "./listing";

export type Watermarks = Record<string, Watermark>;

/**
 * Moves back the watermark of each day tree holding one of `missingKeys` (copies that failed or
 * never started) to the day before that key's day, and marks it unclean so the next run checks
 * those days against the backup. A missing key outside the day folders drops its tree's watermark:
 * the next run looks at the whole tree again.
 */
export function holdBack(
  watermarks: Watermarks,
  dayTrees: readonly string[],
  missingKeys: readonly string[],
): Watermarks {
  const held = { ...watermarks };
  for (const key of missingKeys) {
    const tree = dayTrees.find((candidate) => key.startsWith(candidate));
    if (!tree || !held[tree]) continue;
    const day = dayOfKey(key, tree);
    if (day === undefined) {
      delete held[tree];
      continue;
    }
    const before = previousDay(day);
    held[tree] = { day: before < held[tree].day ? before : held[tree].day, clean: false };
  }
  return held;
}

export type PendingJobOutcome =
  | { readonly running: true }
  | {
      readonly running: false;
      /** The watermarks once the job's outcome is applied. */
      readonly watermarks: Watermarks;
      /** The run's own copies of the keys the job failed to copy. */
      readonly retried: BatchOutcome;
    };

/**
 * Looks at the copy job a previous run submitted. Still running: nothing to do. Complete: the keys
 * its report lists as failed are copied here, and the watermarks it was to set are set, held back
 * for keys still missing. Failed or cancelled: the watermarks stay where they were, unclean for the
 * job's trees, so the next run checks those days against the backup and copies what it lacks.
 */
export async function settlePendingJob(
  state: LayoutState & { pendingJob: NonNullable<LayoutState["pendingJob"]> },
  s3control: S3ControlClient,
  copyRun: CopyRun,
): Promise<PendingJobOutcome> {
  const job = state.pendingJob;
  const status = await endedStatus(s3control, job);
  if (status === undefined) return { running: true };
  if (status !== "Complete") {
    const watermarks: Watermarks = { ...state.watermarks };
    for (const tree of Object.keys(job.watermarks)) {
      if (watermarks[tree]) watermarks[tree] = { ...watermarks[tree], clean: false };
    }
    return { running: false, watermarks, retried: { started: 0, copied: 0, failedKeys: [] } };
  }
  const failedKeys = await failedKeysOfReport(copyRun.s3, copyRun.backupBucket, job.jobId);
  const objects: ListedObject[] = [];
  const gone: string[] = [];
  for (const key of failedKeys) {
    try {
      const head = await copyRun.s3.send(
        new HeadObjectCommand({ Bucket: copyRun.sourceBucket, Key: key }),
      );
      objects.push({
        key,
        size: head.ContentLength ?? 0,
        etag: head.ETag ?? "",
        lastModified: head.LastModified ?? new Date(0),
      });
    } catch (error) {
      gone.push(key);
      copyRun.onFailure?.({ key, error: (error as Error).name ?? String(error) });
    }
  }
  const retried = await copyBatch(copyRun, objects);
  const missing = [
    ...gone,
    ...retried.failedKeys,
    ...objects.slice(retried.started).map((object) => object.key),
  ];
  return {
    running: false,
    watermarks: { ...state.watermarks, ...holdBack(job.watermarks, state.dayTrees, missing) },
    retried: { ...retried, failedKeys: [...gone, ...retried.failedKeys] },
  };
}
