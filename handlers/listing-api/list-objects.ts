import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { BadParameterError, UpstreamError } from "./errors";
import type { ListingQuery } from "./query";

/** One object of a listing page, as the API returns it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** ISO 8601, UTC. */
  readonly lastModified: string;
  /** The entity tag without S3's surrounding quotes. */
  readonly etag: string;
  readonly storageClass: string;
}

export interface ListingPage {
  readonly objects: ListedObject[];
  readonly nextContinuationToken?: string;
  readonly isTruncated: boolean;
}

/**
 * Lists one page of the bucket with `ListObjectsV2` (the only S3 action the function's role has).
 * S3 rejects a continuation token it did not issue with `InvalidArgument`: that is the caller's bad
 * parameter, not an upstream failure. Every other S3 error becomes an `UpstreamError`.
 */
export async function listObjectsPage(
  s3: Pick<S3Client, "send">,
  bucketName: string,
  query: ListingQuery,
): Promise<ListingPage> {
  let output;
  try {
    output = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucketName,
        Prefix: query.prefix,
        MaxKeys: query.maxKeys,
        ContinuationToken: query.continuationToken,
      }),
    );
  } catch (error) {
    if (query.continuationToken && (error as Error).name === "InvalidArgument") {
      throw new BadParameterError(
        "continuationToken",
        "continuationToken must be the nextContinuationToken of a previous page",
      );
    }
    throw new UpstreamError(`ListObjectsV2 on the bucket failed`, { cause: error });
  }
  const objects = (output.Contents ?? []).map((object): ListedObject => ({
    key: object.Key ?? "",
    size: object.Size ?? 0,
    lastModified: object.LastModified?.toISOString() ?? "",
    etag: (object.ETag ?? "").replace(/^"|"$/g, ""),
    storageClass: object.StorageClass ?? "STANDARD",
  }));
  const isTruncated = output.IsTruncated === true;
  return isTruncated && output.NextContinuationToken
    ? { objects, nextContinuationToken: output.NextContinuationToken, isTruncated }
    : { objects, isTruncated };
}
