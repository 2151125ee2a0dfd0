import { NoSuchKey } from "@aws-sdk/client-s3";
import { httpStatusOf, isTransientAwsError } from "./aws-errors";

const sdkError = (status: number) =>
  Object.assign(new Error("refused"), { name: "SomeError", $metadata: { httpStatusCode: status } });

describe("httpStatusOf", () => {
  test.each<[string, unknown, number | undefined]>([
    ["an SDK error", sdkError(412), 412],
    [
      "an SDK exception class",
      new NoSuchKey({
        message: "The specified key does not exist.",
        $metadata: { httpStatusCode: 404 },
      }),
      404,
    ],
    ["an SDK error without a status", Object.assign(new Error("x"), { $metadata: {} }), undefined],
    ["a plain Error", new Error("boom"), undefined],
    ["null", null, undefined],
    ["a string", "503", undefined],
  ])("%s", (_, error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });
});

describe("isTransientAwsError reads the status through httpStatusOf", () => {
  test.each([
    [500, true],
    [503, true],
    [429, true],
    [412, false],
    [404, false],
  ])("HTTP %i → %s", (status, transient) => {
    expect(isTransientAwsError(sdkError(status))).toBe(transient);
  });
});
