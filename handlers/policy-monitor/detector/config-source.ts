import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Rule } from "../../../contracts/policy-monitor-config/rules-schema";
import { parseRules, parseSuppressions } from "../../../contracts/policy-monitor-config/parse";
import type { Suppression } from "../../../contracts/policy-monitor-config/suppress-schema";

/** Raised when rules.yaml or suppress.yaml cannot be read from the config bucket. */
export class ConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigLoadError";
  }
}

export interface DetectorConfig {
  readonly rules: readonly Rule[];
  readonly suppressions: readonly Suppression[];
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
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
 * Reads and validates both files from the config bucket on every call: IAM changes are rare, and an
 * edited rules.yaml then takes effect at once. A missing or invalid file fails the invocation.
 */
export function s3ConfigLoader(
  s3: S3Client,
  bucket: string,
  rulesKey: string,
  suppressKey: string,
) {
  return async (): Promise<DetectorConfig> => {
    const [rulesText, suppressText] = await Promise.all([
      readObject(s3, bucket, rulesKey),
      readObject(s3, bucket, suppressKey),
    ]);
    return {
      rules: parseRules(rulesText, rulesKey),
      suppressions: parseSuppressions(suppressText, suppressKey),
    };
  };
}
