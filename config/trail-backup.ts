import { z } from "zod";
import type { TrailBackupArgs } from "../components/trail-backup/args";

/**
 * `opsguard:trailBackup` in `Pulumi.<stack>.yaml`: the TrailBackup component's settings, their shape
 * only; `validateTrailBackupArgs` checks the values.
 */
export const trailBackupConfigSchema = z.strictObject({
  sourceBucketName: z.string().min(3),
  sourcePrefix: z.string().optional(),
  backupPrefix: z.string().min(1).optional(),
  thresholdDays: z.number().int().optional(),
  schedule: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, "must be an EventBridge cron(...) or rate(...) expression")
    .optional(),
  archive: z
    .strictObject({
      storageClass: z.enum(["GLACIER", "DEEP_ARCHIVE"]),
      afterDays: z.number().int().min(0),
      minimumObjectSize: z.number().int().optional(),
    })
    .optional(),
  layout: z.enum(["cloudtrail", "any"]).optional(),
  batchOperationsThreshold: z.number().int().optional(),
  objectLock: z
    .strictObject({
      mode: z.enum(["GOVERNANCE", "COMPLIANCE"]),
      days: z.number().int().min(1),
    })
    .optional(),
  sourceKmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, "must be a KMS key ARN")
    .optional(),
  alarmEmails: z.array(z.email()).optional(),
});

export type TrailBackupStackConfig = z.infer<typeof trailBackupConfigSchema>;

/** The component's args from the validated stack config; what the config leaves out keeps its default. */
export function trailBackupArgsFromConfig(config: TrailBackupStackConfig): TrailBackupArgs {
  return {
    sourceBucketName: config.sourceBucketName,
    sourcePrefix: config.sourcePrefix,
    backupPrefix: config.backupPrefix,
    thresholdDays: config.thresholdDays,
    schedule: config.schedule,
    archiveStorageClass: config.archive?.storageClass,
    archiveAfterDays: config.archive?.afterDays,
    archiveMinimumObjectSize: config.archive?.minimumObjectSize,
    layout: config.layout,
    batchOperationsThreshold: config.batchOperationsThreshold,
    objectLock: config.objectLock,
    sourceKmsKeyArn: config.sourceKmsKeyArn,
    alarmEmails: config.alarmEmails,
  };
}
