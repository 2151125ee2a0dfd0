import { expandAction, isWriteOrPermissions } from "./iam-actions";

describe("expandAction", () => {
  test("an exact action, matched case-insensitively", () => {
    expect(expandAction("S3:putobject")).toEqual([
      { action: "s3:PutObject", accessLevel: "Write", wildcardOnly: false },
    ]);
  });
  test("a wildcard pattern expands to the catalogue's actions", () => {
    expect(
      expandAction("sqs:Delete*")!
        .map((a) => a.action)
        .sort(),
    ).toEqual(["sqs:DeleteMessage", "sqs:DeleteQueue"]);
  });
  test("actions that support only * are marked", () => {
    expect(expandAction("xray:PutTraceSegments")).toEqual([
      { action: "xray:PutTraceSegments", accessLevel: "Write", wildcardOnly: true },
    ]);
  });
  test.each(["nosuch:Thing", "s3:NoSuchAction", "not-an-action"])(
    "%s is not in the catalogue",
    (pattern) => {
      expect(expandAction(pattern)).toBeUndefined();
    },
  );
});

test.each([
  ["Write", true],
  ["Permissions management, Write", true],
  ["Tagging, Write", true],
  ["Read", false],
  ["List", false],
])("isWriteOrPermissions(%s) is %s", (level, expected) => {
  expect(isWriteOrPermissions(level)).toBe(expected);
});
