import type { S3Client } from "@aws-sdk/client-s3";
import { cachedFor, loadConfigObject, type ConfigCacheOptions } from "../shared/config-object";
import { parseNotificationConfig, type NotificationConfig } from "./notification-config";

/**
 * Reads and validates `notification-config.yaml` from the config bucket, kept for
 * `CONFIG_CACHE_TTL_SECONDS`: an edited routing applies within that time, without a deploy. A
 * missing or invalid object fails the invocation, naming it (`s3://bucket/key: <path> <problem>`).
 */
export function notificationConfigLoader(
  s3: S3Client,
  bucket: string,
  key: string,
  cache: ConfigCacheOptions = {},
): () => Promise<NotificationConfig> {
  return cachedFor(() => loadConfigObject(s3, bucket, key, parseNotificationConfig), cache);
}
