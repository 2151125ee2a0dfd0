import { isUnsatisfiableCondition, type ConditionBlock } from "./conditions";

const NOW = new Date("2026-06-15T12:00:00Z");
const HOUR = 60 * 60 * 1000;
const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * HOUR).toISOString();

describe("isUnsatisfiableCondition", () => {
  test.each<[string, ConditionBlock | undefined]>([
    [
      "a past upper bound on aws:CurrentTime",
      { DateLessThan: { "aws:CurrentTime": "2020-01-01" } },
    ],
    [
      "a past upper bound, key in another case, with Equals and IfExists",
      { DateLessThanEqualsIfExists: { "AWS:currenttime": "2026-06-15T11:59:59Z" } },
    ],
    [
      "every value of the upper bound in the past",
      { DateLessThan: { "aws:CurrentTime": ["2020-01-01", "2024-05-01T00:00:00Z"] } },
    ],
    ["a past upper bound on aws:EpochTime", { DateLessThan: { "aws:EpochTime": 1577836800 } }],
    [
      "an upper bound on aws:EpochTime in epoch seconds as text",
      { DateLessThan: { "aws:EpochTime": "1577836800" } },
    ],
    [
      "tokens issued before the longest session lifetime ago",
      { DateLessThan: { "aws:TokenIssueTime": hoursFromNow(-37) } },
    ],
    [
      "a window whose bounds exclude each other",
      {
        DateGreaterThan: { "aws:CurrentTime": "2030-01-01" },
        DateLessThan: { "aws:CurrentTime": "2029-01-01" },
      },
    ],
    [
      "a window of one instant that a strict bound excludes",
      {
        DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
        DateLessThanEquals: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
      },
    ],
    ["DateEquals a past time", { DateEquals: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } }],
    ["a key every request carries asked to be absent", { Null: { "aws:SecureTransport": "true" } }],
    [
      "aws:SecureTransport both true and false",
      { Bool: { "aws:SecureTransport": "true" }, BoolIfExists: { "aws:securetransport": false } },
    ],
  ])("%s can never hold again", (_case, condition) => {
    expect(isUnsatisfiableCondition(condition, NOW)).toBe(true);
  });

  test.each<[string, ConditionBlock | undefined]>([
    ["no condition", undefined],
    ["an upper bound in the future", { DateLessThan: { "aws:CurrentTime": hoursFromNow(1) } }],
    [
      "one value of the upper bound in the future",
      { DateLessThan: { "aws:CurrentTime": ["2020-01-01", hoursFromNow(1)] } },
    ],
    [
      "a lower bound far in the future, which time will reach",
      { DateGreaterThan: { "aws:CurrentTime": "2100-01-01" } },
    ],
    [
      "tokens issued a day ago, which may still be valid",
      { DateLessThan: { "aws:TokenIssueTime": hoursFromNow(-24) } },
    ],
    [
      "IfExists on aws:TokenIssueTime, which long-term keys do not send",
      { DateLessThanIfExists: { "aws:TokenIssueTime": "2020-01-01" } },
    ],
    ["a set operator", { "ForAnyValue:DateLessThan": { "aws:CurrentTime": "2020-01-01" } }],
    ["a value that is not a date", { DateLessThan: { "aws:CurrentTime": "${aws:username}" } }],
    ["another key", { DateLessThan: { "aws:MultiFactorAuthAge": "2020-01-01" } }],
    [
      "a window of one instant that both bounds include",
      {
        DateGreaterThanEquals: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
        DateLessThanEquals: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
      },
    ],
    ["aws:SecureTransport true or false", { Bool: { "aws:SecureTransport": ["true", "false"] } }],
    ["a key that may be absent asked to be absent", { Null: { "aws:TokenIssueTime": "true" } }],
    ["a key every request carries asked to be present", { Null: { "aws:CurrentTime": "false" } }],
    [
      "two booleans that agree",
      { Bool: { "aws:SecureTransport": "true" }, BoolIfExists: { "aws:SecureTransport": "true" } },
    ],
  ])("%s may hold", (_case, condition) => {
    expect(isUnsatisfiableCondition(condition, NOW)).toBe(false);
  });

  test("without a time, judges the keys but not the time", () => {
    expect(isUnsatisfiableCondition({ DateLessThan: { "aws:CurrentTime": "2020-01-01" } })).toBe(
      false,
    );
    expect(isUnsatisfiableCondition({ Null: { "aws:SecureTransport": "true" } })).toBe(true);
  });
});
