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
  ] as [Partial<TrailBackupArgs>, string][])("%j is refused", (change, message) => {
    const validate = () => validateTrailBackupArgs("trail", { ...baseline, ...change });

    expect(validate).toThrow(TrailBackupArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
