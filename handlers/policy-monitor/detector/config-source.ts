import type { S3Client } from "@aws-sdk/client-s3";
import type { Rule } from "../../../contracts/policy-monitor-config/rules-schema";
import { parseRules, parseSuppressions } from "../../../contracts/policy-monitor-config/parse";
import type { Suppression } from "../../../contracts/policy-monitor-config/suppress-schema";
import { cachedFor, loadConfigObject, type ConfigCacheOptions } from "../shared/config-object";

export { ConfigLoadError } from "../shared/config-object";

export interface DetectorConfig {
  readonly rules: readonly Rule[];
  readonly suppressions: readonly Suppression[];
}

/**
 * Reads and validates both files from the config bucket, kept for `CONFIG_CACHE_TTL_SECONDS`: an
 * edited rules.yaml applies within that time, without a deploy. A missing or invalid file fails
 * the invocation, naming the object (`s3://bucket/rules.yaml: rules[3].severity must be …`).
 */
export function s3ConfigLoader(
  s3: S3Client,
  bucket: string,
  rulesKey: string,
  suppressKey: string,
  cache: ConfigCacheOptions = {},
): () => Promise<DetectorConfig> {
  return cachedFor(async () => {
    const [rules, suppressions] = await Promise.all([
      loadConfigObject(s3, bucket, rulesKey, parseRules),
      loadConfigObject(s3, bucket, suppressKey, parseSuppressions),
    ]);
    return { rules, suppressions };
  }, cache);
}
