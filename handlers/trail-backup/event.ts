import { z } from "zod";
import { issueWhere } from "../../contracts/zod-issues";
import { InvalidEventError } from "../shared/errors";

/**
 * What the handler reads from its event. A scheduled EventBridge event carries neither field (its
 * other fields are ignored); a continuation or a manual run may set both.
 */
const eventSchema = z.looseObject({
  asOf: z.iso.datetime({ offset: true }).optional(),
  dryRun: z.boolean().optional(),
});

export interface BackupRequest {
  /** Ages are judged as of this instant. */
  readonly asOf: Date;
  /** Report what would be copied without copying or writing a checkpoint. */
  readonly dryRun: boolean;
}

export function parseBackupEvent(event: unknown, now: Date): BackupRequest {
  if (event === null || event === undefined) return { asOf: now, dryRun: false };
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
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
    throw new InvalidEventError(`${field} must be ${expected}, got ${JSON.stringify(got)}`);
  }
  return {
    asOf: parsed.data.asOf ? new Date(parsed.data.asOf) : now,
    dryRun: parsed.data.dryRun ?? false,
  };
}
