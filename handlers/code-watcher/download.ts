import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/** A package being downloaded: a stream of its bytes and their count. */
export interface ZipDownload {
  readonly body: Readable;
  readonly contentLength: number;
}

/** Opens the package at Lambda's pre-signed `Code.Location`. */
export type ZipDownloader = (location: string, functionName: string) => Promise<ZipDownload>;

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadError";
  }
}

/**
 * Streams the package over HTTP(S). `resolveUrl` lets a test serve the package itself, since moto's
 * `Code.Location` cannot be downloaded; in Lambda the pre-signed URL is used as it is.
 */
export function httpZipDownloader(
  resolveUrl: (location: string, functionName: string) => string = (location) => location,
): ZipDownloader {
  return async (location, functionName) => {
    const response = await fetch(resolveUrl(location, functionName));
    if (!response.ok || !response.body) {
      // The pre-signed URL carries credentials in its query: it never goes into an error.
      throw new DownloadError(`download of the package answered HTTP ${response.status}`);
    }
    const contentLength = Number(response.headers.get("content-length"));
    if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
      await response.body.cancel();
      throw new DownloadError("download of the package has no Content-Length");
    }
    return {
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      contentLength,
    };
  };
}
