import { classifyPrefix, dayOfKey, lastEligibleDay, startAfterDay } from "./layout";

describe("classifyPrefix", () => {
  test.each([
    ["AWSLogs/", "", "descend"],
    ["AWSLogs/o-abc123def4/", "", "descend"],
    ["AWSLogs/123456789012/", "", "descend"],
    ["AWSLogs/o-abc123def4/123456789012/CloudTrail/", "", "descend"],
    ["AWSLogs/123456789012/CloudTrail-Digest/", "", "descend"],
    ["AWSLogs/123456789012/CloudTrail/eu-west-1/", "", "day-tree"],
    ["AWSLogs/o-abc123def4/123456789012/CloudTrail-Insight/us-east-1/", "", "day-tree"],
    ["my-trail/AWSLogs/123456789012/CloudTrail/eu-west-1/", "", "day-tree"],
    ["my-trail/", "", "descend"],
    ["a/b/", "", "descend"],
    ["a/b/c/", "", "full-scan"],
    ["AWSLogs/123456789012/vpcflowlogs/", "", "full-scan"],
    ["AWSLogs/123456789012/CloudTrail/eu-west-1/2025/", "", "full-scan"],
    ["AWSLogs/not-an-account/", "", "full-scan"],
  ])("%s is %s", (prefix, root, kind) => {
    expect(classifyPrefix(prefix, root)).toBe(kind);
  });
});

describe("days", () => {
  const tree = "AWSLogs/123456789012/CloudTrail/eu-west-1/";

  test.each([
    [`${tree}2025/01/31/f.json.gz`, "2025/01/31"],
    [`${tree}2025/02/30/f.json.gz`, undefined],
    [`${tree}2025/1/31/f.json.gz`, undefined],
    [`${tree}notes.txt`, undefined],
  ])("the day of %s is %s", (key, day) => {
    expect(dayOfKey(key, tree)).toBe(day);
  });

  test.each([
    // 2025-01-31 ends at 2025-02-01T00:00Z, 85 days before 2025-04-27T00:00Z.
    ["2025-04-27T00:00:00Z", 85, "2025/01/31"],
    ["2025-04-26T23:59:59Z", 85, "2025/01/30"],
    ["2025-01-03T12:00:00Z", 1, "2025/01/01"],
  ])("at %s, the last day %d whole days old is %s", (asOf, days, day) => {
    expect(lastEligibleDay(new Date(asOf), days)).toBe(day);
  });

  test.each([
    ["2025/01/31", "2025/02/01"],
    ["2024/12/31", "2025/01/01"],
    ["2025/01/09", "2025/01/10"],
  ])("a listing after %s skips all of its folder and starts before %s", (day, next) => {
    const tree = "AWSLogs/123456789012/CloudTrail/eu-west-1/";
    const keys = [`${tree}${day}/`, `${tree}${day}/~~~.json.gz`, `${tree}${next}/a.json.gz`];
    const after = startAfterDay(tree, day);

    expect(keys.map((key) => key > after)).toEqual([false, false, true]);
  });
});
