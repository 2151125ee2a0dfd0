import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { atStep } from "../shared/aws-errors";

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
}

/**
 * S3 lists keys in the order of their UTF-8 bytes. JavaScript compares UTF-16 code units, which
 * disagrees for characters outside the Basic Multilingual Plane, so merging two listings must compare
 * bytes.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** One page of a listing: objects, and with a delimiter the sub-folders. */
export interface ListedPage {
  readonly objects: ListedObject[];
  readonly folders: string[];
}

/**
 * Pages of a bucket's listing under `prefix`, starting after `startAfter`; one call per page. With
 * `delimiter: "/"` only the objects directly in the folder, and its sub-folders.
 */
export async function* listFolderPages(
  s3: S3Client,
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
  pageSize: number,
  delimiter?: string,
): AsyncGenerator<ListedPage> {
  let continuationToken: string | undefined;
  do {
    const page = await atStep(`listing s3://${bucket}/${prefix}`, () =>
      s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          MaxKeys: pageSize,
          Delimiter: delimiter,
          ...(continuationToken
            ? { ContinuationToken: continuationToken }
            : { StartAfter: startAfter }),
        }),
      ),
    );
    yield {
      objects: (page.Contents ?? []).map((object) => ({
        key: object.Key!,
        size: object.Size ?? 0,
        etag: object.ETag ?? "",
        lastModified: object.LastModified!,
      })),
      folders: (page.CommonPrefixes ?? []).map((folder) => folder.Prefix!),
    };
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
}

/** The objects of `listFolderPages`, page by page. */
export async function* listPages(
  s3: S3Client,
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
  pageSize: number,
  delimiter?: string,
): AsyncGenerator<ListedObject[]> {
  for await (const page of listFolderPages(s3, bucket, prefix, startAfter, pageSize, delimiter)) {
    yield page.objects;
  }
}

/**
 * The backup listing, read lazily alongside the source listing: both are in key order, so each
 * backup key is looked at once and a lookup costs no request beyond the listing's pages.
 */
export class BackupListing {
  private page: ListedObject[] = [];
  private position = 0;
  private exhausted = false;
  private pages?: AsyncGenerator<ListedObject[]>;

  constructor(private readonly openPages: () => AsyncGenerator<ListedObject[]>) {}

  /** The backup object with this key, if any. Keys must be asked for in ascending order. */
  async find(key: string): Promise<ListedObject | undefined> {
    for (;;) {
      while (
        this.position < this.page.length &&
        compareKeys(this.page[this.position].key, key) < 0
      ) {
        this.position++;
      }
      if (this.position < this.page.length) {
        const candidate = this.page[this.position];
        return candidate.key === key ? candidate : undefined;
      }
      if (this.exhausted) return undefined;
      this.pages ??= this.openPages();
      const next = await this.pages.next();
      if (next.done) {
        this.exhausted = true;
        return undefined;
      }
      this.page = next.value;
      this.position = 0;
    }
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether an object is at least `thresholdDays` whole days old at `asOf`. */
export function isOldEnough(lastModified: Date, asOf: Date, thresholdDays: number): boolean {
  return asOf.getTime() - lastModified.getTime() >= thresholdDays * DAY_MS;
}

/**
 * Whether `backup` already holds `source`: the same size, and the same ETag or a backup written
 * after the source's last change. The ETag alone does not do: that of an SSE-KMS object (the backup
 * bucket's default) or of a multipart copy is not the MD5 of its bytes, so in AWS a correct copy
 * usually has another ETag. S3 copies the current version, and a source rewritten since the copy has
 * a newer LastModified.
 */
export function isBackedUp(source: ListedObject, backup: ListedObject | undefined): boolean {
  if (!backup || backup.size !== source.size) return false;
  return backup.etag === source.etag || backup.lastModified >= source.lastModified;
}
