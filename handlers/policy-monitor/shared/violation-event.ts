import { formatIssue } from "../../../contracts/zod-issues";
import {
  VIOLATION_DETAIL_TYPE,
  VIOLATION_SCHEMA_MAJOR,
  VIOLATION_SCHEMA_VERSION,
  VIOLATION_SOURCE,
  violationSchema,
  type Violation,
} from "../../../contracts/violation";
import { quote } from "../../shared/quote";

/** Raised when a message is not a violation event of the current schema; names the bad field. */
export class InvalidViolationEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidViolationEventError";
  }
}

/**
 * Reads a violation from what a responder receives: the EventBridge event from the violation bus
 * (`detail` is the violation) or, in direct mode (`USE_EVENTBRIDGE=false`), the bare violation that
 * the detector sent to SQS or SNS.
 */
export function parseViolationEvent(input: unknown): Violation {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isRecord(input)) throw new InvalidViolationEventError("violation event must be an object");
  let candidate: unknown = input;
  let prefix = "";
  if ("detail" in input || "detail-type" in input) {
    if (input.source !== VIOLATION_SOURCE) {
      throw new InvalidViolationEventError(
        `source must be "${VIOLATION_SOURCE}", got ${quote(input.source)}`,
      );
    }
    if (input["detail-type"] !== VIOLATION_DETAIL_TYPE) {
      throw new InvalidViolationEventError(
        `detail-type must be "${VIOLATION_DETAIL_TYPE}", got ${quote(input["detail-type"])}`,
      );
    }
    candidate = input.detail;
    prefix = "detail.";
  }
  const version = isRecord(candidate) ? candidate.schemaVersion : undefined;
  if (typeof version !== "string" || !version.startsWith(VIOLATION_SCHEMA_MAJOR)) {
    throw new InvalidViolationEventError(
      `${prefix}schemaVersion: must be "${VIOLATION_SCHEMA_VERSION}" (major ${VIOLATION_SCHEMA_MAJOR}), got ${quote(version)}`,
    );
  }
  const parsed = violationSchema.safeParse(candidate);
  if (!parsed.success) {
    const problem = formatIssue(parsed.error.issues[0], { style: "dots" });
    throw new InvalidViolationEventError(`${prefix}${problem}`);
  }
  // The audit log files a violation and its remediation under the day it was detected.
  if (Number.isNaN(Date.parse(parsed.data.detectedAt))) {
    throw new InvalidViolationEventError(
      `${prefix}detectedAt: must be an ISO-8601 date-time, got ${quote(parsed.data.detectedAt)}`,
    );
  }
  return parsed.data;
}

/** Parses a JSON text (an SQS body, an SNS message) into a violation. */
export function parseViolationJson(text: string): Violation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidViolationEventError(`message body is not JSON: ${(error as Error).message}`);
  }
  return parseViolationEvent(value);
}
