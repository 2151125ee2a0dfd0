import { TrailBackupArgsError, validateTrailBackupArgs, type TrailBackupArgs } from "./args";

const baseline: TrailBackupArgs = { sourceBucketName: "org-trail-logs", thresholdDays: 85 };

describe("validateTrailBackupArgs", () => {
  test("the baseline is valid", () => {
    expect(() => validateTrailBackupArgs("trail", baseline)).not.toThrow();
  });

  test.each([
    [
      { backupPrefix: "trail-backup-state/" },
      'TrailBackup trail: backupPrefix "trail-backup-state/" must not contain trail-backup-state/checkpoint.json',
    ],
    [
      { backupPrefix: "" },
      'TrailBackup trail: backupPrefix "" must not contain trail-backup-state/checkpoint.json',
    ],
    [
      { thresholdDays: 0 },
      "TrailBackup trail: thresholdDays must be an integer from 1 to 3650, got 0",
    ],
    [
      { thresholdDays: 3651 },
      "TrailBackup trail: thresholdDays must be an integer from 1 to 3650, got 3651",
    ],
    [
      { thresholdDays: 85.5 },
      "TrailBackup trail: thresholdDays must be an integer from 1 to 3650, got 85.5",
    ],
    [
      { backupPrefix: "trail-backup-state/l" },
      'TrailBackup trail: backupPrefix "trail-backup-state/l" must not contain trail-backup-state/layout.json',
    ],
    [{ layout: "s3" }, 'TrailBackup trail: layout must be one of cloudtrail, any, got "s3"'],
    [
      { batchOperationsThreshold: -1 },
      "TrailBackup trail: batchOperationsThreshold must be an integer from 0 to 1000000000, got -1",
    ],
    [
      { backupPrefix: "backup-" },
      'TrailBackup trail: backupPrefix "backup-" must end with "/" for Batch Operations, which copy into a folder (or set batchOperationsThreshold to 0)',
    ],
    [
      { archiveMinimumObjectSize: -1 },
      "TrailBackup trail: archiveMinimumObjectSize must be a whole number of bytes, 0 or more, got -1",
    ],
  ] as [Partial<Record<keyof TrailBackupArgs, unknown>>, string][])(
    "%j is refused",
    (change, message) => {
      const validate = () =>
        validateTrailBackupArgs("trail", { ...baseline, ...change } as TrailBackupArgs);

      expect(validate).toThrow(TrailBackupArgsError);
      expect(validate).toThrow(new Error(message));
    },
  );
});
