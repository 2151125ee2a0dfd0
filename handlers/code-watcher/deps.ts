import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { RetryPolicy } from "../shared/retry";
import type { ZipDownloader } from "./download";

/** Everything the core needs from outside: clients, the package downloader, the clock, a log. */
export interface WatcherDeps {
  readonly lambda: LambdaClient;
  readonly s3: S3Client;
  readonly download: ZipDownloader;
  readonly now: () => Date;
  readonly log?: Pick<Logger, "info">;
  /** How a streamed upload, which the SDK does not retry, is retried from a new download. */
  readonly uploadRetry?: Partial<RetryPolicy>;
}

/** The outcome for one function. */
export interface BackupResult {
  readonly function: string;
  readonly action: "backed-up" | "unchanged" | "image";
  readonly sha256: string;
  /** The S3 version id of the zip that holds this package. */
  readonly versionId?: string;
  readonly key?: string;
  /** The published Lambda version, for a PublishVersion event. */
  readonly version?: string;
  readonly imageUri?: string;
}
