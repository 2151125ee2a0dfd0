import { z } from "zod";
import { describeIssue, formatIssue, formatIssues, formatPath, issueWhere } from "./zod-issues";

const pairs = z.array(z.strictObject({ source: z.string(), target: z.string() }));
const firstIssue = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failed parse");
  return result.error.issues[0];
};

describe("formatPath", () => {
  test.each<[PropertyKey[], "brackets" | "dots" | undefined, string]>([
    [["rules", 3, "severity"], undefined, "rules[3].severity"],
    [["rules", 3, "severity"], "dots", "rules.3.severity"],
    [[0, "source"], "brackets", "[0].source"],
    [[], "brackets", ""],
    [[], "dots", ""],
  ])("%j (%s) → %s", (path, style, text) => {
    expect(formatPath(path, style)).toBe(text);
  });
});

describe("formatIssue", () => {
  const missingTarget = firstIssue(pairs, [{ source: "a", target: "b" }, { source: "a" }]);
  const notAList = firstIssue(pairs, "x");

  test.each([
    [
      { root: ["SECRET_PAIRS"] },
      "SECRET_PAIRS[1].target: Invalid input: expected string, received undefined",
    ],
    [{ style: "dots" as const }, "1.target: Invalid input: expected string, received undefined"],
    [
      { root: ["opsguard:x"], style: "dots" as const },
      "opsguard:x.1.target: Invalid input: expected string, received undefined",
    ],
    [
      { style: "dots" as const, separator: " " },
      "1.target Invalid input: expected string, received undefined",
    ],
  ])("a nested field with %j", (format, message) => {
    expect(formatIssue(missingTarget, format)).toBe(message);
  });

  test.each([
    [{}, "(root): Invalid input: expected array, received string"],
    [
      { whole: "checkpoint", separator: " " },
      "checkpoint Invalid input: expected array, received string",
    ],
    [{ root: ["cases.json"] }, "cases.json: Invalid input: expected array, received string"],
  ])("the value as a whole with %j", (format, message) => {
    expect(formatIssue(notAList, format)).toBe(message);
  });

  test("issueWhere names the field only", () => {
    expect(issueWhere(missingTarget, { root: ["event"], style: "dots" })).toBe("event.1.target");
    expect(issueWhere(notAList, { root: ["event"], style: "dots" })).toBe("event");
  });

  test("formatIssues formats every issue", () => {
    const result = pairs.safeParse([{ source: 1, target: "b", extra: true }]);
    expect(result.success).toBe(false);
    expect(formatIssues(result.error!, { style: "dots", whole: "(event)" })).toEqual([
      "0.source: Invalid input: expected string, received number",
      '0: Unrecognized key: "extra"',
    ]);
  });
});

describe("describeIssue", () => {
  const rules = z.strictObject({
    rules: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          severity: z.enum(["LOW", "HIGH"]),
          enabled: z.boolean().optional(),
          tags: z.array(z.string()).min(1).optional(),
        }),
      )
      .min(1),
  });

  test.each<[string, unknown, readonly PropertyKey[], string]>([
    [
      "one of",
      { rules: [{ id: "a", severity: "MID" }] },
      [],
      "rules[0].severity must be one of LOW, HIGH",
    ],
    [
      "unknown keys",
      { rules: [{ id: "a", severity: "LOW", sev: 1 }] },
      [],
      'rules[0]: unknown key "sev"',
    ],
    ["required", { rules: [{ severity: "LOW" }] }, [], "rules[0].id is required"],
    [
      "a type",
      { rules: [{ id: "a", severity: "LOW", enabled: "yes" }] },
      [],
      "rules[0].enabled must be true or false",
    ],
    ["empty string", { rules: [{ id: "", severity: "LOW" }] }, [], "rules[0].id must not be empty"],
    ["empty list", { rules: [] }, [], "rules must have at least 1 item"],
    ["the whole document", "text", [], "the document must be a mapping"],
    ["under a root", { rules: [{ severity: "LOW" }] }, ["event"], "event.rules[0].id is required"],
  ])("%s", (_, value, root, message) => {
    expect(describeIssue(firstIssue(rules, value), root)).toBe(message);
  });
});
