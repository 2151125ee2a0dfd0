import { InvalidEventError } from "../shared/errors";

/** What an invocation was triggered by, for the log: the event's type and the rotated secret. */
export interface SyncTrigger {
  readonly detailType: string;
  readonly rotatedSecretId?: string;
}

/**
 * Reads the EventBridge event that triggers a sync: a `Scheduled Event` or the CloudTrail
 * `RotationSucceeded` event of an RDS secret. A manual run sends `{ "detail-type": "Scheduled Event" }`.
 */
export function parseSyncTrigger(event: unknown): SyncTrigger {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new InvalidEventError(
      `event must be an object, got ${JSON.stringify(event) ?? "undefined"}`,
    );
  }
  const { "detail-type": detailType, detail } = event as Record<string, unknown>;
  if (detailType === undefined) {
    throw new InvalidEventError(
      'event.detail-type is missing: send a Scheduled Event, e.g. { "detail-type": "Scheduled Event" }',
    );
  }
  if (typeof detailType !== "string") {
    throw new InvalidEventError(
      `event.detail-type must be a string, got ${JSON.stringify(detailType)}`,
    );
  }
  const secretId = (detail as { additionalEventData?: { SecretId?: unknown } } | null | undefined)
    ?.additionalEventData?.SecretId;
  return typeof secretId === "string" ? { detailType, rotatedSecretId: secretId } : { detailType };
}
