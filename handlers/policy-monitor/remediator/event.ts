import type { SQSEvent } from "aws-lambda";
import { InvalidEventError } from "../../shared/errors";

/**
 * The SQS batch the remediator takes; anything else is refused with the field it lacks, before the
 * batch processor would answer with a message about batch types.
 */
export function parseRemediationBatch(event: unknown): SQSEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) {
    throw new InvalidEventError("event.Records is missing: the remediator takes an SQS batch");
  }
  records.forEach((record: unknown, index) => {
    const { eventSource, body } = (record ?? {}) as { eventSource?: unknown; body?: unknown };
    if (eventSource !== "aws:sqs") {
      throw new InvalidEventError(`event.Records[${index}].eventSource must be aws:sqs`);
    }
    if (typeof body !== "string") {
      throw new InvalidEventError(`event.Records[${index}].body must be a string`);
    }
  });
  return event as SQSEvent;
}
