import { expandAction, isWriteOrPermissions } from "./iam-actions";

describe("expandAction", () => {
  test("an exact action, matched case-insensitively", async () => {
    expect(await expandAction("S3:putobject")).toEqual([
      { action: "s3:PutObject", accessLevel: "Write", wildcardOnly: false },
    ]);
  });
  test("a wildcard pattern expands to the catalogue's actions", async () => {
    expect((await expandAction("sqs:Delete*"))!.map((a) => a.action).sort()).toEqual([
      "sqs:DeleteMessage",
      "sqs:DeleteQueue",
    ]);
  });
  test("actions that support only * are marked", async () => {
    expect(await expandAction("xray:PutTraceSegments")).toEqual([
      { action: "xray:PutTraceSegments", accessLevel: "Write", wildcardOnly: true },
    ]);
  });
  test.each(["nosuch:Thing", "s3:NoSuchAction", "not-an-action"])(
    "%s is not in the catalogue",
    async (pattern) => {
      expect(await expandAction(pattern)).toBeUndefined();
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
