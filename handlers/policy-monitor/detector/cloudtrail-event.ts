import { z } from "zod";
import { describeIssue } from "../../../contracts/zod-issues";

/** Raised when the event is not an EventBridge "AWS API Call via CloudTrail" event of the expected shape. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedEventError";
  }
}

const userIdentitySchema = z.object({
  type: z.string(),
  arn: z.string().optional(),
  principalId: z.string().optional(),
  accountId: z.string().optional(),
  userName: z.string().optional(),
});

const detailSchema = z.object({
  eventName: z.string().min(1),
  eventID: z.string().min(1),
  eventTime: z.string().min(1),
  awsRegion: z.string().min(1),
  recipientAccountId: z.string().min(1),
  userIdentity: userIdentitySchema,
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.record(z.string(), z.unknown()).nullish(),
});
export type CloudTrailDetail = z.infer<typeof detailSchema>;

const envelopeSchema = z.object({
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  source: z.literal("aws.iam"),
  detail: detailSchema,
});

/** Validates the EventBridge envelope and the CloudTrail detail, naming the bad field. */
export function parseCloudTrailEvent(event: unknown): CloudTrailDetail {
  const result = envelopeSchema.safeParse(event);
  if (!result.success) {
    throw new MalformedEventError(describeIssue(result.error.issues[0], ["event"]));
  }
  return result.data.detail;
}

/** A required string of `requestParameters`, or a MalformedEventError that names it. */
export function requestString(detail: CloudTrailDetail, name: string): string {
  const value = detail.requestParameters?.[name];
  if (typeof value !== "string" || value === "") {
    throw new MalformedEventError(
      `event.detail.requestParameters.${name} must be a non-empty string in a ${detail.eventName} event`,
    );
  }
  return value;
}

export function optionalRequestString(detail: CloudTrailDetail, name: string): string | undefined {
  const value = detail.requestParameters?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `responseElements.<object>.<field>` when CloudTrail recorded it. */
export function responseString(
  detail: CloudTrailDetail,
  object: string,
  field: string,
): string | undefined {
  const container = detail.responseElements?.[object];
  if (typeof container !== "object" || container === null) return undefined;
  const value = (container as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}
