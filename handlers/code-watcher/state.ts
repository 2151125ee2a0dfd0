import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { formatIssue } from "../../contracts/zod-issues";
import { isPreconditionFailed } from "./errors";

const zipStateSchema = z.object({
  function: z.string(),
  packageType: z.literal("Zip"),
  sha256: z.string(),
  /** S3 version id and ETag of the zip object this state records. */
  versionId: z.string(),
  zipEtag: z.string(),
  key: z.string(),
  functionArn: z.string().optional(),
  runtime: z.string().optional(),
  handler: z.string().optional(),
  backedUpAt: z.string(),
});
const imageStateSchema = z.object({
  function: z.string(),
  packageType: z.literal("Image"),
  sha256: z.string(),
  imageUri: z.string().optional(),
  resolvedImageUri: z.string().optional(),
  functionArn: z.string().optional(),
  backedUpAt: z.string(),
});
export const backupStateSchema = z.discriminatedUnion("packageType", [
  zipStateSchema,
  imageStateSchema,
]);
export type BackupState = z.infer<typeof backupStateSchema>;

/** A state object as read: its content and the ETag that a conditional write must match. */
export interface StoredState {
  /** Undefined when the object is not a state (corrupt, truncated): the next write replaces it. */
  readonly state?: BackupState;
  readonly etag: string;
  /** Why the object is not a state, when it is not. */
  readonly unreadable?: string;
}

/**
 * Reads the state object. Missing means no backup yet: S3 says NoSuchKey, or AccessDenied when the
 * role may not list that prefix (S3 hides whether a key exists from a caller that may not list it).
 * An object that is not a state comes back without one, with its ETag: the backup then runs and
 * its conditional write replaces the object, rather than every run failing on it.
 */
export async function readState(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<StoredState | undefined> {
  let response;
  try {
    response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    const name = (error as Error).name;
    if (name === "NoSuchKey" || name === "AccessDenied") return undefined;
    throw error;
  }
  const text = await response.Body!.transformToString();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { etag: response.ETag!, unreadable: `s3://${bucket}/${key} is not JSON` };
  }
  const parsed = backupStateSchema.safeParse(json);
  if (!parsed.success) {
    const problem = formatIssue(parsed.error.issues[0], { style: "dots" });
    return {
      etag: response.ETag!,
      unreadable: `s3://${bucket}/${key} is not a backup state object: ${problem}`,
    };
  }
  return { state: parsed.data, etag: response.ETag! };
}

/**
 * Writes the state only if it is still the one read (`IfMatch` its ETag), or only if there is none
 * yet (`IfNoneMatch: *`). Returns false when another invocation wrote it first.
 */
export async function writeStateIfUnchanged(
  s3: S3Client,
  bucket: string,
  key: string,
  state: BackupState,
  previous: StoredState | undefined,
): Promise<boolean> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(state),
        ContentType: "application/json",
        ...(previous ? { IfMatch: previous.etag } : { IfNoneMatch: "*" }),
      }),
    );
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw error;
  }
}
