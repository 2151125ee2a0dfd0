import { z } from "zod";
import { issueWhere } from "../../contracts/zod-issues";
import { InvalidEventError } from "../shared/errors";
import { describeEventKind, manualRunOf, type ManualRun } from "../shared/manual-run";
import { clip, quote } from "../shared/quote";

/** How far ahead of the function's clock an `asOf` may be: the clock skew between two hosts. */
export const MAX_AS_OF_SKEW_MS = 5 * 60_000;

/** A continuation or a manual run: both fields optional, any other key an error. */
const requestSchema = z.strictObject({
  asOf: z.iso.datetime({ offset: true }).optional(),
  dryRun: z.boolean().optional(),
});

export interface BackupRequest {
  /** Ages are judged as of this instant. */
  readonly asOf: Date;
  /** Report what would be copied without copying or writing a checkpoint. */
  readonly dryRun: boolean;
  /** Set when a person ran the function by hand with `{}` or the console's test event. */
  readonly manualRun?: ManualRun;
}

/**
 * Reads the scheduled EventBridge event (its fields are ignored), a manual run (`{}`, the console's
 * test event) or `{ "asOf"?, "dryRun"? }`. An `asOf` later than `now` (beyond clock skew) is refused:
 * a run judged at a future instant would move the day watermarks past days that have not ended.
 */
export function parseBackupEvent(event: unknown, now: Date): BackupRequest {
  if (event === null || event === undefined) return { asOf: now, dryRun: false };
  const manualRun = manualRunOf(event);
  if (manualRun) return { asOf: now, dryRun: false, manualRun };
  if (typeof event === "object" && !Array.isArray(event) && "detail-type" in event) {
    const fields = event as Record<string, unknown>;
    if (fields["detail-type"] === "Scheduled Event") return { asOf: now, dryRun: false };
    throw new InvalidEventError(
      `TrailBackup does not take ${describeEventKind(fields)}: it runs on a Scheduled Event, {} or { "asOf"?, "dryRun"? }`,
    );
  }
  const parsed = requestSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys") {
      throw new InvalidEventError(
        `event has unknown key(s) ${quote(issue.keys)}: send {}, a Scheduled Event or { "asOf"?, "dryRun"? }`,
      );
    }
    const field = issueWhere(issue, { root: ["event"], style: "dots" });
    const got = issue.path.reduce<unknown>(
      (value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key],
      event,
    );
    const expected =
      issue.path[0] === "asOf"
        ? "an ISO-8601 date-time with a time zone, e.g. 2025-01-31T00:00:00Z"
        : issue.path[0] === "dryRun"
          ? "true or false"
          : "a JSON object";
    throw new InvalidEventError(`${field} must be ${expected}, got ${quote(got)}`);
  }
  const given = parsed.data.asOf;
  const asOf = given ? new Date(given) : now;
  if (given && asOf.getTime() > now.getTime() + MAX_AS_OF_SKEW_MS) {
    throw new InvalidEventError(
      `event.asOf ${clip(given)} is later than now (${now.toISOString()}): a backup judged at a future instant would skip days that have not ended; to simulate a date, run the handler at that clock (npm run invoke -- trail-backup --now <iso>)`,
    );
  }
  return { asOf, dryRun: parsed.data.dryRun ?? false };
}
