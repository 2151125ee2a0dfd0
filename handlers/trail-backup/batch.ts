import type { S3Client } from "@aws-sdk/client-s3";
import { describeError } from "../shared/aws-errors";
import { copyObject } from "./copy";
import type { ListedObject } from "./listing";
import { withRetries, type RetryPolicy } from "./retry";

export interface FailedCopy {
  readonly key: string;
  readonly error: string;
}

/** What copying a batch of objects needs: where, how many at once, and whether time remains. */
export interface CopyRun {
  readonly s3: S3Client;
  readonly sourceBucket: string;
  readonly backupBucket: string;
  readonly backupPrefix: string;
  readonly retry: RetryPolicy;
  readonly concurrency: number;
  /** Whether a new copy may start. */
  readonly hasTime: () => boolean;
  readonly multipartThreshold?: number;
  readonly partBytes?: number;
  readonly onFailure?: (failure: FailedCopy) => void;
}

export interface BatchOutcome {
  /** Copies started, in order: all finished; the objects after them were not touched. */
  readonly started: number;
  readonly copied: number;
  readonly failedKeys: readonly string[];
}

/** Copies `objects` to `backupPrefix + key`, each with retries, at most `concurrency` at once. */
export async function copyBatch(
  run: CopyRun,
  objects: readonly ListedObject[],
): Promise<BatchOutcome> {
  let copied = 0;
  const failedKeys: string[] = [];
  const started = await runBounded(objects.length, run.concurrency, run.hasTime, async (index) => {
    const object = objects[index];
    try {
      await withRetries(run.retry, () =>
        copyObject(run.s3, object, {
          sourceBucket: run.sourceBucket,
          backupBucket: run.backupBucket,
          backupKey: run.backupPrefix + object.key,
          multipartThreshold: run.multipartThreshold,
          partBytes: run.partBytes,
        }),
      );
      copied++;
    } catch (error) {
      failedKeys.push(object.key);
      run.onFailure?.({ key: object.key, error: describeError(error) });
    }
  });
  return { started, copied, failedKeys };
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
