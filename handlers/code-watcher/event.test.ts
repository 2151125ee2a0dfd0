import { cloudTrailEvent } from "../../test/support/code-watcher/lambda-world";
import { loadWatcherConfig } from "./config";
import { functionNameFromIdentifier, parseWatchEvent } from "./event";

describe("parseWatchEvent", () => {
  test.each([
    ["update-function-code-by-name.json", { kind: "deployment", functionName: "orders-api" }],
    ["update-function-code-by-arn.json", { kind: "deployment", functionName: "orders-api" }],
    [
      "update-function-code-by-partial-arn.json",
      { kind: "deployment", functionName: "orders-api" },
    ],
    [
      "publish-version.json",
      { kind: "published-version", functionName: "orders-api", version: "1" },
    ],
  ])("%s", (file, expected) => {
    expect(parseWatchEvent(cloudTrailEvent(file))).toEqual(expected);
  });

  test("reads the name from requestParameters when responseElements has none", () => {
    const event = cloudTrailEvent("update-function-code-by-arn.json");
    (event.detail as { responseElements: unknown }).responseElements = null;
    expect(parseWatchEvent(event)).toEqual({ kind: "deployment", functionName: "orders-api" });
  });

  test.each([
    [{}, { kind: "sweep", manualRun: "empty event" }],
    [null, { kind: "sweep", manualRun: "empty event" }],
    [
      { key1: "value1", key2: "value2", key3: "value3" },
      { kind: "sweep", manualRun: "console test event" },
    ],
    [
      { functions: ["a", "arn:aws:lambda:us-east-1:123456789012:function:b"] },
      { kind: "sweep", functions: ["a", "b"], manualRun: "functions event" },
    ],
    [{ "detail-type": "Scheduled Event", source: "aws.events", detail: {} }, { kind: "sweep" }],
  ])("manual or scheduled %j", (event, expected) => {
    expect(parseWatchEvent(event)).toEqual(expected);
  });

  test.each([
    [
      cloudTrailEvent("update-function-configuration.json"),
      "UpdateFunctionConfiguration20150331v2 is not a code deployment",
    ],
    [
      cloudTrailEvent("update-function-code-access-denied.json"),
      "UpdateFunctionCode20150331v2 failed with AccessDenied",
    ],
    [
      { function: "a" },
      'not a manual request ({} or { "functions": [...] }): (event): Unrecognized key: "function"',
    ],
    [
      {
        "detail-type": "AWS API Call via CloudTrail",
        source: "aws.iam",
        detail: { eventName: "CreateRole" },
      },
      'CodeWatcher does not take "AWS API Call via CloudTrail" from aws.iam (CreateRole): it runs on',
    ],
    [{ functions: ["x".repeat(200_000)] }, /^"x{199}… \(199802 more characters\) is not a Lambda/],
    [{ functions: ["bad name"] }, '"bad name" is not a Lambda function name or ARN'],
  ])("rejects %#", (event, message) => {
    expect(() => parseWatchEvent(event)).toThrow(message);
  });
});

describe("functionNameFromIdentifier", () => {
  test.each([
    ["orders-api", "orders-api"],
    ["orders-api:live", "orders-api"],
    ["123456789012:function:orders-api", "orders-api"],
    ["arn:aws:lambda:eu-west-1:123456789012:function:orders-api", "orders-api"],
    ["arn:aws:lambda:eu-west-1:123456789012:function:orders-api:7", "orders-api"],
  ])("%s → %s", (identifier, name) => {
    expect(functionNameFromIdentifier(identifier)).toBe(name);
  });

  test("rejects an ARN of another resource", () => {
    expect(() =>
      functionNameFromIdentifier("arn:aws:lambda:eu-west-1:123456789012:layer:tools:1"),
    ).toThrow(
      '"arn:aws:lambda:eu-west-1:123456789012:layer:tools:1" is not a Lambda function name or ARN',
    );
  });
});

describe("loadWatcherConfig", () => {
  test("defaults", () => {
    expect(loadWatcherConfig({ DEST_BUCKET: "backups" })).toEqual({
      destBucket: "backups",
      destPrefix: "lambda-code-backups",
      statePrefix: "lambda-code-backups/.state",
      targetFunctions: [],
      sweepAllFunctions: false,
    });
  });

  test("every variable set", () => {
    expect(
      loadWatcherConfig({
        DEST_BUCKET: "backups",
        DEST_PREFIX: "code/",
        STATE_PREFIX: "state",
        TARGET_FUNCTIONS: " a, b ,,c",
        SWEEP_ALL_FUNCTIONS: "true",
      }),
    ).toEqual({
      destBucket: "backups",
      destPrefix: "code",
      statePrefix: "state",
      targetFunctions: ["a", "b", "c"],
      sweepAllFunctions: true,
    });
  });

  test.each([
    [{ TARGET_FUNCTION: "orders-api" }, ["orders-api"]],
    [{ TARGET_FUNCTIONS: "a,b", TARGET_FUNCTION: "b, c" }, ["a", "b", "c"]],
  ])("the design notes' TARGET_FUNCTION %j adds its names", (env, targetFunctions) => {
    expect(loadWatcherConfig({ DEST_BUCKET: "backups", ...env }).targetFunctions).toEqual(
      targetFunctions,
    );
  });

  test.each([
    [{}, "DEST_BUCKET is not set"],
    [
      { DEST_BUCKET: "b", SWEEP_ALL_FUNCTIONS: "maybe" },
      'SWEEP_ALL_FUNCTIONS must be true or false, got "maybe"',
    ],
    [{ DEST_BUCKET: "b", DEST_PREFIX: "//" }, "DEST_PREFIX must not be only slashes"],
  ])("rejects %j", (env, message) => {
    expect(() => loadWatcherConfig(env)).toThrow(message);
  });
});
