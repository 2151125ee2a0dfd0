import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CONFIG_CACHE_TTL_SECONDS } from "../../../contracts/policy-monitor";

/** Raised when an object of the PolicyMonitor config bucket cannot be read: `s3://bucket/key: …`. */
export class ConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigLoadError";
  }
}

async function readConfigObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body!.transformToString("utf8");
  } catch (error) {
    throw new ConfigLoadError(
      `s3://${bucket}/${key}: ${(error as Error).name}: ${(error as Error).message}`,
    );
  }
}

/**
 * Reads one config object and parses it with its schema's `parse` (from
 * `contracts/policy-monitor-config/`). A missing object fails with `ConfigLoadError`, a bad one
 * with `ConfigFileError`, both naming it: `s3://bucket/rules.yaml: rules[3].severity must be …`.
 */
export async function loadConfigObject<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  parse: (text: string, fileName: string) => T,
): Promise<T> {
  return parse(await readConfigObject(s3, bucket, key), `s3://${bucket}/${key}`);
}

export interface ConfigCacheOptions {
  /** How long a loaded value is kept. Defaults to `CONFIG_CACHE_TTL_SECONDS`. */
  readonly ttlMs?: number;
  /** The clock, in milliseconds. Defaults to `Date.now`. */
  readonly now?: () => number;
}

/**
 * `load`, with its value kept for the TTL: built once at module scope, it is the container's one
 * cache of that config. A failed load is not kept, so the next invocation reads again.
 */
export function cachedFor<T>(
  load: () => Promise<T>,
  options: ConfigCacheOptions = {},
): () => Promise<T> {
  const ttlMs = options.ttlMs ?? CONFIG_CACHE_TTL_SECONDS * 1000;
  const now = options.now ?? Date.now;
  let cached: { readonly value: T; readonly loadedAt: number } | undefined;
  return async () => {
    const at = now();
    if (cached && at - cached.loadedAt < ttlMs) return cached.value;
    const value = await load();
    cached = { value, loadedAt: at };
    return value;
  };
}
