import {
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { zipKey } from "./keys";

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

export interface BackupVersion {
  readonly versionId: string;
  readonly lastModified: string;
  readonly size: number;
  readonly isLatest: boolean;
  readonly sha256?: string;
}

export interface RestoreTarget {
  readonly bucket: string;
  readonly destPrefix: string;
  readonly functionName: string;
}

/** The backups of a function, newest first, each with the SHA-256 recorded when it was made. */
export async function listBackups(s3: S3Client, target: RestoreTarget): Promise<BackupVersion[]> {
  const key = zipKey(target.destPrefix, target.functionName);
  const versions: BackupVersion[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: target.bucket,
        Prefix: key,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    for (const version of page.Versions ?? []) {
      if (version.Key !== key) continue;
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: target.bucket, Key: key, VersionId: version.VersionId }),
      );
      versions.push({
        versionId: version.VersionId!,
        lastModified: version.LastModified!.toISOString(),
        size: version.Size ?? 0,
        isLatest: version.IsLatest ?? false,
        sha256: head.Metadata?.sha256,
      });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return versions.sort(
    (a, b) =>
      Number(b.isLatest) - Number(a.isLatest) || b.lastModified.localeCompare(a.lastModified),
  );
}

export interface RestoreResult {
  readonly function: string;
  readonly action: "restored" | "unchanged" | "would-restore";
  readonly sha256: string;
  readonly versionId: string;
  readonly previousSha256: string;
}

/**
 * Puts a backup back: checks that the object version's bytes hash to the SHA-256 recorded with it,
 * then `UpdateFunctionCode` from that exact S3 version, and checks Lambda's CodeSha256 after. A dry
 * run does the checks and changes nothing; a function that already runs that package is left alone.
 */
export async function restoreBackup(
  clients: { lambda: LambdaClient; s3: S3Client },
  target: RestoreTarget & { versionId?: string; dryRun?: boolean },
): Promise<RestoreResult> {
  const { functionName, bucket } = target;
  const key = zipKey(target.destPrefix, functionName);
  const versionId = target.versionId ?? (await listBackups(clients.s3, target))[0]?.versionId;
  if (!versionId) throw new RestoreError(`${functionName}: no backup in s3://${bucket}/${key}`);

  const object = await clients.s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
  );
  const recorded = object.Metadata?.sha256;
  if (!recorded)
    throw new RestoreError(`${functionName}: ${key} version ${versionId} has no sha256 metadata`);
  const hash = createHash("sha256");
  for await (const chunk of object.Body as Readable) hash.update(chunk as Buffer);
  const actual = hash.digest("base64");
  if (actual !== recorded) {
    throw new RestoreError(
      `${functionName}: ${key} version ${versionId} hashes to ${actual}, its backup recorded ${recorded}`,
    );
  }

  const current = await clients.lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
  const previousSha256 = current.Configuration!.CodeSha256!;
  const result = { function: functionName, sha256: recorded, versionId, previousSha256 };
  if (previousSha256 === recorded) return { ...result, action: "unchanged" };
  if (target.dryRun) return { ...result, action: "would-restore" };

  const updated = await clients.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: functionName,
      S3Bucket: bucket,
      S3Key: key,
      S3ObjectVersion: versionId,
    }),
  );
  if (updated.CodeSha256 !== recorded) {
    throw new RestoreError(
      `${functionName}: Lambda reports CodeSha256 ${updated.CodeSha256} after restore, expected ${recorded}`,
    );
  }
  return { ...result, action: "restored" };
}
