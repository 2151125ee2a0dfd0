import {
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { pipeline } from "node:stream/promises";
import { isTransientAwsError } from "../shared/aws-errors";
import { sleep, withRetries, type RetryPolicy } from "../shared/retry";
import type { ZipDownload } from "./download";
import { BackupError, ShaMismatchError, isPreconditionFailed } from "./errors";
import { sha256VerifyingStream } from "./verifying-stream";

/** Object metadata of a backup (S3 lower-cases user metadata keys). */
export interface BackupMetadata {
  readonly sha256: string;
  readonly "function-arn": string;
  readonly "lambda-version": string;
  readonly runtime?: string;
  readonly handler?: string;
}

/** The object version a write made, or that a key holds now. */
export interface StoredObject {
  readonly versionId: string;
  readonly etag: string;
  readonly sha256?: string;
}

/** Turns versioning on when it is not, so that overwriting the stable key keeps the old package. */
export async function ensureVersioning(s3: S3Client, bucket: string): Promise<void> {
  const current = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  if (current.Status === "Enabled") return;
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
}

/**
 * Streams the package into the key without holding it in memory, only if the key still holds
 * `ifMatchEtag` (or nothing, when undefined). The bytes are hashed on the way; a wrong hash aborts the
 * request before its last chunk, so S3 stores nothing (and `ChecksumSHA256` makes S3 check it too).
 * Returns undefined when the condition failed: another invocation wrote the key first.
 */
export async function putZipIfUnchanged(
  s3: S3Client,
  target: { bucket: string; key: string; ifMatchEtag?: string },
  download: ZipDownload,
  metadata: BackupMetadata,
): Promise<StoredObject | undefined> {
  const verified = sha256VerifyingStream(metadata.sha256);
  // The SDK pipes the body into the request and does not see a body error: abort it ourselves.
  const abort = new AbortController();
  const piping = pipeline(download.body, verified);
  piping.catch(() => abort.abort());
  const sending = s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: verified,
      ContentLength: download.contentLength,
      ContentType: "application/zip",
      ChecksumSHA256: metadata.sha256,
      Metadata: Object.fromEntries(
        Object.entries(metadata).filter((entry): entry is [string, string] => !!entry[1]),
      ),
      ...(target.ifMatchEtag ? { IfMatch: target.ifMatchEtag } : { IfNoneMatch: "*" }),
    }),
    { abortSignal: abort.signal },
  );
  const sent = await sending.then(
    (output) => ({ output, error: undefined }),
    (error: unknown) => ({ output: undefined, error }),
  );
  if (sent.error) {
    // S3 may answer before it read the body (a failed condition): stop the download.
    download.body.destroy();
    verified.destroy();
  }
  const pipeError = await piping.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (pipeError instanceof ShaMismatchError) throw pipeError;
  if (sent.error) {
    if (isPreconditionFailed(sent.error)) return undefined;
    throw sent.error;
  }
  if (pipeError) throw pipeError;
  return { versionId: sent.output!.VersionId!, etag: sent.output!.ETag!, sha256: metadata.sha256 };
}

/** The upload's own retries; S3 asks a client that meets SlowDown to back off. */
export const UPLOAD_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  sleep,
  random: Math.random,
};

/**
 * Runs `attempt` (download the package, then stream it into S3) again when the upload met a
 * transient S3 error. The SDK retries no request whose body is a stream, and a stream cannot be
 * replayed, so each attempt downloads anew: memory stays bounded and the SHA-256 is checked each
 * time. An upload that landed but whose answer was lost makes the next attempt's condition fail,
 * which the caller reads as "the key moved" and resolves by reading the key.
 */
export function retryingUpload<T>(
  retry: Partial<RetryPolicy> | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  return withRetries({ ...UPLOAD_RETRY, ...retry }, attempt, (error) =>
    isTransientAwsError(error instanceof BackupError ? error.cause : error),
  );
}

/** What the key holds now (it exists: a conditional write to it just failed). */
export async function headBackup(s3: S3Client, bucket: string, key: string): Promise<StoredObject> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { versionId: head.VersionId!, etag: head.ETag!, sha256: head.Metadata?.sha256 };
}
