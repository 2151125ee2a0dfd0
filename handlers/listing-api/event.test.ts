import { malformedEventField } from "./event";
import { handleListingRequest, type ListingEvent } from "./handle-request";

describe("malformedEventField", () => {
  test.each([
    { event: null, field: "event" },
    { event: [], field: "event" },
    { event: {}, field: "requestContext" },
    { event: { requestContext: "x" }, field: "requestContext" },
    { event: { requestContext: {} }, field: "requestContext.requestId" },
    {
      event: { requestContext: { requestId: "r" }, queryStringParameters: "a" },
      field: "queryStringParameters",
    },
    { event: { requestContext: { requestId: "r" }, rawQueryString: 1 }, field: "rawQueryString" },
    { event: { requestContext: { requestId: "r" } }, field: undefined },
    {
      event: { requestContext: { requestId: "r" }, queryStringParameters: {}, rawQueryString: "" },
      field: undefined,
    },
  ])("$event → $field", ({ event, field }) => {
    expect(malformedEventField(event)).toBe(field);
  });
});

describe("handleListingRequest with a malformed event", () => {
  test("answers 400 naming the field and never calls S3", async () => {
    const s3 = { send: jest.fn() };
    const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

    const response = await handleListingRequest({} as ListingEvent, {
      s3: s3 as never,
      bucketName: "b",
      logger,
    });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body as string)).toEqual({
      error: "InvalidEvent",
      field: "requestContext",
      message: "requestContext is missing or malformed: not an API Gateway payload 2.0 request",
    });
    expect(s3.send).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith("rejected a malformed event", {
      field: "requestContext",
    });
  });
});
