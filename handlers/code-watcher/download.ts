import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import type { Readable } from "node:stream";

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

function open(url: string): Promise<IncomingMessage> {
  const get = url.startsWith("https:") ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    get(url, resolve).on("error", (error: NodeJS.ErrnoException) =>
      // The pre-signed URL carries credentials in its query: it never goes into an error.
      reject(new DownloadError(`download of the package failed: ${error.code ?? error.message}`)),
    );
  });
}

/**
 * Streams the package over HTTP(S) with node:http, whose buffers Node reclaims sooner than fetch's
 * (the benchmark's peak RSS). `resolveUrl` lets a test serve the package itself, since moto's
 * `Code.Location` cannot be downloaded; in Lambda the pre-signed URL is used as it is.
 */
export function httpZipDownloader(
  resolveUrl: (location: string, functionName: string) => string = (location) => location,
): ZipDownloader {
  return async (location, functionName) => {
    const response = await open(resolveUrl(location, functionName));
    if (response.statusCode !== 200) {
      response.resume();
      throw new DownloadError(`download of the package answered HTTP ${response.statusCode}`);
    }
    const contentLength = Number(response.headers["content-length"]);
    if (
      !response.headers["content-length"] ||
      !Number.isSafeInteger(contentLength) ||
      contentLength < 0
    ) {
      response.destroy();
      throw new DownloadError("download of the package has no Content-Length");
    }
    return { body: response, contentLength };
  };
}
