import { InvalidEventError } from "../shared/errors";
import { describeEventKind, manualRunOf, type ManualRun } from "../shared/manual-run";
import { quote } from "../shared/quote";

/** What an invocation was triggered by, for the log: the event's type and the rotated secret. */
export interface SyncTrigger {
  readonly detailType: string;
  readonly rotatedSecretId?: string;
  /** Set when a person ran the function by hand. */
  readonly manualRun?: ManualRun;
}

const SCHEDULED = "Scheduled Event";
const SERVICE_EVENT = "AWS Service Event via CloudTrail";
const ACCEPTED =
  'SecretSync runs on a Scheduled Event, a Secrets Manager RotationSucceeded event or a manual run ({} or { "detail-type": "Scheduled Event" })';

/**
 * Reads the event that triggers a sync: a `Scheduled Event`, the CloudTrail `RotationSucceeded`
 * event of an RDS secret, or a manual run (`{}`, the console's test event, or
 * `{ "detail-type": "Scheduled Event" }`). Any other event, such as a CloudTrail IAM event sent here
 * by mistake, is refused by its kind.
 */
export function parseSyncTrigger(event: unknown): SyncTrigger {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new InvalidEventError(`event must be an object, got ${quote(event)}`);
  }
  const manualRun = manualRunOf(event);
  if (manualRun) return { detailType: "manual run", manualRun };
  const fields = event as Record<string, unknown>;
  const { "detail-type": detailType, source, detail } = fields;
  if (detailType === undefined) {
    throw new InvalidEventError(
      `event.detail-type is missing (keys ${quote(Object.keys(fields))}): ${ACCEPTED}`,
    );
  }
  if (typeof detailType !== "string") {
    throw new InvalidEventError(`event.detail-type must be a string, got ${quote(detailType)}`);
  }
  if (detailType === SCHEDULED) return { detailType };
  const eventName = (detail as { eventName?: unknown } | null | undefined)?.eventName;
  if (
    detailType !== SERVICE_EVENT ||
    source !== "aws.secretsmanager" ||
    eventName !== "RotationSucceeded"
  ) {
    throw new InvalidEventError(
      `SecretSync does not take ${describeEventKind(fields)}: ${ACCEPTED}`,
    );
  }
  const secretId = (detail as { additionalEventData?: { SecretId?: unknown } }).additionalEventData
    ?.SecretId;
  if (typeof secretId !== "string" || secretId.length === 0) {
    throw new InvalidEventError(
      `RotationSucceeded event.detail.additionalEventData.SecretId must be the rotated secret's ARN, got ${quote(secretId)}`,
    );
  }
  return { detailType, rotatedSecretId: secretId };
}
