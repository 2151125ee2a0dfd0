import { InvalidEventError } from "../../shared/errors";
import { remediationBatchFixture } from "../../../test/support/violation-event";
import { parseRemediationBatch } from "./event";

describe("parseRemediationBatch", () => {
  test("takes an SQS batch as it is", () => {
    const batch = remediationBatchFixture();
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
