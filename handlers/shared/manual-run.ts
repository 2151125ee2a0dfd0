/**
 * A manual invocation of a scheduled handler: the Lambda console's default test event
 * (`{"key1":"value1","key2":"value2","key3":"value3"}`) or `{}`, which `aws lambda invoke`
 * sends without `--payload`. Either runs the job as a schedule would.
 */
export type ManualRun = "console test event" | "empty event";

const CONSOLE_TEST_KEY = /^key[0-9]+$/;

/** Which manual invocation the event is, or undefined for any other event. */
export function manualRunOf(event: unknown): ManualRun | undefined {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return undefined;
  const entries = Object.entries(event);
  if (entries.length === 0) return "empty event";
  const consoleTest = entries.every(
    ([key, value]) => CONSOLE_TEST_KEY.test(key) && typeof value === "string",
  );
  return consoleTest ? "console test event" : undefined;
}

/** What kind of event it is, for a refusal: `"AWS API Call via CloudTrail" from aws.iam (CreateRole)`. */
export function describeEventKind(event: Record<string, unknown>): string {
  const detailType = typeof event["detail-type"] === "string" ? event["detail-type"] : undefined;
  const source = typeof event.source === "string" ? event.source : undefined;
  const eventName = (event.detail as { eventName?: unknown } | null | undefined)?.eventName;
  const parts = [
    detailType !== undefined ? JSON.stringify(detailType.slice(0, 80)) : "an event",
    source !== undefined ? `from ${source.slice(0, 80)}` : undefined,
    typeof eventName === "string" ? `(${eventName.slice(0, 80)})` : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(" ");
}
