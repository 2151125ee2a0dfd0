import type { z } from "zod";

/**
 * The one place that turns zod issues into messages. Every message names the field: its path
 * after an optional root (a file name, an environment variable, a stack-config key, `event`).
 */
export type ZodIssue = z.core.$ZodIssue;

/** How a path is written: `rules[3].severity` ("brackets") or `rules.3.severity` ("dots"). */
export type PathStyle = "brackets" | "dots";

/** `["rules", 3, "severity"]` → `rules[3].severity` (or `rules.3.severity` with "dots"). */
export function formatPath(path: readonly PropertyKey[], style: PathStyle = "brackets"): string {
  if (style === "dots") return path.map(String).join(".");
  return path.reduce<string>((text, part) => {
    if (typeof part === "number") return `${text}[${part}]`;
    return text === "" ? String(part) : `${text}.${String(part)}`;
  }, "");
}

export interface IssueFormat {
  /** Path segments in front of the issue's own. Defaults to none. */
  readonly root?: readonly PropertyKey[];
  /** Defaults to "brackets". */
  readonly style?: PathStyle;
  /** What names an empty path, the value as a whole. Defaults to `(root)`. */
  readonly whole?: string;
  /** Between the path and zod's message. Defaults to `": "`. */
  readonly separator?: string;
}

/** Where an issue is: `SECRET_PAIRS[0].source`, or `format.whole` for the value itself. */
export function issueWhere(issue: ZodIssue, format: IssueFormat = {}): string {
  const path = formatPath([...(format.root ?? []), ...issue.path], format.style);
  return path || (format.whole ?? "(root)");
}

/** One issue in zod's words after where it is: `SECRET_PAIRS[0].source: Invalid input: …`. */
export function formatIssue(issue: ZodIssue, format: IssueFormat = {}): string {
  return `${issueWhere(issue, format)}${format.separator ?? ": "}${issue.message}`;
}

/** Every issue of a failed parse, each as `formatIssue` writes it. */
export function formatIssues(error: z.ZodError, format: IssueFormat = {}): string[] {
  return error.issues.map((issue) => formatIssue(issue, format));
}

const EXPECTED: Record<string, string> = {
  array: "a list",
  object: "a mapping",
  boolean: "true or false",
};

/**
 * One issue in opsguard's words, for files people write by hand: `rules[3].severity must be one
 * of …`, `rules[0]: unknown key "severty"`, `rules[2].id is required`.
 */
export function describeIssue(issue: ZodIssue, root: readonly PropertyKey[] = []): string {
  const where = issueWhere(issue, { root, whole: "the document" });
  switch (issue.code) {
    case "invalid_value":
      return `${where} must be ${issue.values.length === 1 ? "" : "one of "}${issue.values.map(String).join(", ")}`;
    case "unrecognized_keys":
      return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
    case "invalid_type":
      return issue.message.endsWith("received undefined")
        ? `${where} is required`
        : `${where} must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    case "too_small":
      return issue.origin === "array"
        ? `${where} must have at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`
        : `${where} must not be empty`;
    default:
      return `${where}: ${issue.message}`;
  }
}
