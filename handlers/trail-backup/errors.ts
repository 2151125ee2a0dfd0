/** The checkpoint object exists but is not one this handler wrote. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

/** The run stopped for lack of time before it handled a single object, so a continuation would loop. */
export class NoProgressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoProgressError";
  }
}

/** Some objects could not be copied after every retry: the invocation fails so that the alarm fires. */
export class BackupFailedError extends Error {
  constructor(
    readonly failed: number,
    readonly firstFailures: readonly string[],
  ) {
    super(
      `${failed} object(s) could not be copied to the backup, e.g. ${firstFailures.join("; ")}`,
    );
    this.name = "BackupFailedError";
  }
}

/** `BACKUP_PREFIX` + the source key is longer than S3 allows a key to be; no attempt can fix it. */
export class KeyTooLongError extends Error {
  constructor(readonly bytes: number) {
    super(`the backup key (BACKUP_PREFIX + key) would be ${bytes} bytes, over S3's limit of 1024`);
    this.name = "KeyTooLongError";
  }
}
