import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { KeyTooLongError } from "./errors";
import type { ListedObject } from "./listing";

const MiB = 1024 * 1024;
/** CopyObject copies at most 5 GiB; larger objects need a multipart copy. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 * MiB;
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PART_BYTES = 5 * 1024 * MiB;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_BYTES = 512 * MiB;
/** The longest key S3 takes, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

export interface PartRange {
  readonly partNumber: number;
  /** First byte, inclusive. */
  readonly start: number;
  /** Last byte, inclusive, as in an HTTP Range. */
  readonly end: number;
}

/**
 * Splits an object into parts for UploadPartCopy: `preferredPartBytes` each (the last one smaller),
 * grown in whole MiB when the object would otherwise need more than 10,000 parts.
 */
export function planParts(size: number, preferredPartBytes = DEFAULT_PART_BYTES): PartRange[] {
  if (preferredPartBytes < MIN_PART_BYTES) {
    throw new RangeError(
      `part size ${preferredPartBytes} is below S3's minimum of ${MIN_PART_BYTES}`,
    );
  }
  const partBytes = Math.max(preferredPartBytes, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  if (partBytes > MAX_PART_BYTES) {
    throw new RangeError(`an object of ${size} bytes is larger than S3 can copy`);
  }
  const parts: PartRange[] = [];
  for (let start = 0; start < size; start += partBytes) {
    parts.push({ partNumber: parts.length + 1, start, end: Math.min(start + partBytes, size) - 1 });
  }
  return parts;
}

/**
 * The `x-amz-copy-source` value: the bucket and the URL-encoded key. Every byte but unreserved
 * characters and `/` is percent-encoded, so that spaces, `+`, `%`, `?`, `#` and non-ASCII keys reach
 * S3 as themselves (a literal `+` would be read as a space).
 */
export function encodeCopySource(bucket: string, key: string): string {
  const encodedKey = key
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");
  return `${bucket}/${encodedKey}`;
}

export interface CopyTarget {
  readonly sourceBucket: string;
  readonly backupBucket: string;
  readonly backupKey: string;
  /** Objects larger than this are copied in parts. Defaults to 5 GiB, S3's limit for CopyObject. */
  readonly multipartThreshold?: number;
  readonly partBytes?: number;
}

/** A server-side copy of one object: S3 moves the bytes, nothing passes through the function. */
export async function copyObject(
  s3: S3Client,
  object: ListedObject,
  target: CopyTarget,
): Promise<void> {
  const keyBytes = Buffer.byteLength(target.backupKey, "utf8");
  if (keyBytes > MAX_KEY_BYTES) throw new KeyTooLongError(keyBytes);
  const copySource = encodeCopySource(target.sourceBucket, object.key);
  if (object.size <= (target.multipartThreshold ?? MAX_SINGLE_COPY_BYTES)) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: target.backupBucket,
        Key: target.backupKey,
        CopySource: copySource,
      }),
    );
    return;
  }
  await multipartCopy(s3, object, target, copySource);
}

async function multipartCopy(
  s3: S3Client,
  object: ListedObject,
  target: CopyTarget,
  copySource: string,
): Promise<void> {
  // UploadPartCopy carries no metadata: take it from the source, as CopyObject would.
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: target.sourceBucket, Key: object.key, IfMatch: object.etag }),
  );
  const { UploadId: uploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: target.backupBucket,
      Key: target.backupKey,
      ContentType: head.ContentType,
      ContentEncoding: head.ContentEncoding,
      Metadata: head.Metadata,
    }),
  );
  try {
    const parts = [];
    // Parts one after another: the object is one of `concurrency` copies already in flight.
    for (const part of planParts(object.size, target.partBytes)) {
      const copied = await s3.send(
        new UploadPartCopyCommand({
          Bucket: target.backupBucket,
          Key: target.backupKey,
          UploadId: uploadId,
          PartNumber: part.partNumber,
          CopySource: copySource,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
          // Every part from the version that was listed, or none.
          CopySourceIfMatch: object.etag,
        }),
      );
      parts.push({ PartNumber: part.partNumber, ETag: copied.CopyPartResult?.ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.backupBucket,
        Key: target.backupKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await s3
      .send(
        new AbortMultipartUploadCommand({
          Bucket: target.backupBucket,
          Key: target.backupKey,
          UploadId: uploadId,
        }),
      )
      .catch(() => undefined);
    throw error;
  }
}
