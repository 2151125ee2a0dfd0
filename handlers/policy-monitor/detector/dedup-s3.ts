import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { httpStatusOf } from "../../shared/aws-errors";
import type { DuplicateFilter } from "./dedup";

/** The marker an event leaves for the window. */
interface Claim {
  readonly eventId: string;
  readonly violationId: string;
  readonly claimedAt: string;
}

const isPreconditionFailed = (error: unknown) =>
  (error as { name?: string }).name === "PreconditionFailed" || httpStatusOf(error) === 412;

export interface S3DuplicateFilterOptions {
  readonly bucket: string;
  /** Markers are written under this prefix, one object per fingerprint. */
  readonly prefix: string;
  readonly windowMs: number;
  readonly now: () => Date;
  /** Told when the marker store fails: the violation is then published, never dropped. */
  readonly onError: (error: unknown) => void;
}

/**
 * Markers in S3 with conditional writes, so that two identical events judged at the same moment
 * cannot both win: `If-None-Match: *` claims a fingerprint no one holds, `If-Match: <etag>` takes
 * over a marker whose window has passed. The same event id is never a duplicate of itself, so a
 * retried invocation publishes again (consumers drop it by `violationId`). A marker store that
 * fails lets the violation through: a repeated alert is better than a lost one.
 */
export function s3DuplicateFilter(
  s3: S3Client,
  options: S3DuplicateFilterOptions,
): DuplicateFilter {
  const put = (key: string, claim: Claim, condition: { IfNoneMatch: "*" } | { IfMatch: string }) =>
    s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: key,
        Body: JSON.stringify(claim),
        ContentType: "application/json",
        ...condition,
      }),
    );
  return {
    async claim(violation, fingerprint) {
      const key = `${options.prefix}${fingerprint}.json`;
      const now = options.now();
      const mine: Claim = {
        eventId: violation.eventId,
        violationId: violation.violationId,
        claimedAt: now.toISOString(),
      };
      try {
        try {
          await put(key, mine, { IfNoneMatch: "*" });
          return undefined;
        } catch (error) {
          if (!isPreconditionFailed(error)) throw error;
        }
        const object = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
        const held = JSON.parse(await object.Body!.transformToString("utf8")) as Claim;
        if (held.eventId === violation.eventId) return undefined;
        const age = now.getTime() - Date.parse(held.claimedAt);
        if (age >= 0 && age < options.windowMs) return held.violationId;
        try {
          await put(key, mine, { IfMatch: object.ETag! });
          return undefined;
        } catch (error) {
          // Another identical event took the marker over first: this one repeats it.
          if (isPreconditionFailed(error)) return held.violationId;
          throw error;
        }
      } catch (error) {
        options.onError(error);
        return undefined;
      }
    },
  };
}
