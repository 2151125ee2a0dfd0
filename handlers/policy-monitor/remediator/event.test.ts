import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidEventError } from "../../shared/errors";
import { parseRemediationBatch } from "./event";

const FIXTURE = join(
  __dirname,
  "..",
  "..",
  "..",
  "test",
  "fixtures",
  "events",
  "sqs",
  "policy-remediation.json",
);

describe("parseRemediationBatch", () => {
  test("takes an SQS batch as it is", () => {
    const batch = JSON.parse(readFileSync(FIXTURE, "utf8"));
    expect(parseRemediationBatch(batch)).toBe(batch);
  });

  test.each([
    { event: {}, message: "event.Records is missing: the remediator takes an SQS batch" },
    { event: null, message: "event.Records is missing: the remediator takes an SQS batch" },
    { event: { Records: [{}] }, message: "event.Records[0].eventSource must be aws:sqs" },
    {
      event: { Records: [{ eventSource: "aws:sqs", body: {} }] },
      message: "event.Records[0].body must be a string",
    },
  ])("$event → $message", ({ event, message }) => {
    expect(() => parseRemediationBatch(event)).toThrow(new InvalidEventError(message));
  });
});
