import { httpStatusOf } from "../shared/aws-errors";

/** The watcher could not back up one function: says which function and which step failed. */
export class BackupError extends Error {
  constructor(
    readonly functionName: string,
    step: string,
    cause?: unknown,
  ) {
    const reason = cause instanceof Error ? `: ${cause.name}: ${cause.message}` : "";
    super(`${functionName}: ${step} failed${reason}`, { cause });
    this.name = "BackupError";
  }
}

/** The downloaded bytes are not the package Lambda reported; nothing was written. */
export class ShaMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`SHA-256 of the downloaded zip is ${actual}, Lambda reported CodeSha256 ${expected}`);
    this.name = "ShaMismatchError";
  }
}

/** Some functions of a sweep failed; the others were backed up. */
export class SweepError extends Error {
  constructor(readonly failures: readonly BackupError[]) {
    super(
      `${failures.length} function(s) failed: ${failures.map((error) => error.message).join("; ")}`,
    );
    this.name = "SweepError";
  }
}

/** True for S3's answer to a conditional write whose condition no longer holds. */
export function isPreconditionFailed(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const status = httpStatusOf(error);
  // 409 ConditionalRequestConflict: another conditional write to the key is in flight.
  return (
    name === "PreconditionFailed" ||
    name === "ConditionalRequestConflict" ||
    status === 412 ||
    status === 409
  );
}
