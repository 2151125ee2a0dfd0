import { z } from "zod";
import type { CodeWatcherArgs } from "../components/code-watcher/args";

const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a Lambda function name");
const keyPrefix = z
  .string()
  .regex(
    /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
    "must be an S3 key prefix without leading or trailing /",
  );

/**
 * `opsguard:codeWatcher` in `Pulumi.<stack>.yaml`: unknown keys are errors. The shape only;
 * `validateCodeWatcherArgs` checks how the fields go together.
 */
export const codeWatcherConfigSchema = z.strictObject({
  /** Functions to watch; without it, every function in the region. */
  watchedFunctions: z.array(functionName).min(1).optional(),
  /** An existing bucket; without it, a new SecureBucket. */
  bucketName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name")
    .optional(),
  kmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, "must be a KMS key ARN")
    .optional(),
  destPrefix: keyPrefix.optional(),
  statePrefix: keyPrefix.optional(),
  schedule: z
    .string()
    .regex(/^(rate|cron)\(.+\)$/, "must be an EventBridge schedule expression: rate(…) or cron(…)")
    .optional(),
  sweepAllFunctions: z.boolean().optional(),
  timeout: z.number().int().min(10).max(900).optional(),
  logRetentionDays: z.number().int().positive().optional(),
});

export type CodeWatcherConfig = z.infer<typeof codeWatcherConfigSchema>;

export function codeWatcherArgsFromConfig(
  config: CodeWatcherConfig,
  tags?: Record<string, string>,
): CodeWatcherArgs {
  return { ...config, tags };
}
