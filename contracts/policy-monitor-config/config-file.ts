import { load } from "js-yaml";
import type { z } from "zod";

/** Raised when rules.yaml or suppress.yaml is not valid YAML or breaks its schema. */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigFileError";
  }
}

/** `["rules", 3, "severity"]` → `rules[3].severity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === "number") return `${text}[${part}]`;
    return text === "" ? String(part) : `${text}.${String(part)}`;
  }, "");
}

const EXPECTED: Record<string, string> = {
  array: "a list",
  object: "a mapping",
  boolean: "true or false",
};

/** One schema issue in words, naming the field: `rules[3].severity must be one of …`. */
export function describeIssue(issue: z.core.$ZodIssue, root: readonly PropertyKey[] = []): string {
  const where = formatPath([...root, ...issue.path]) || "the document";
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

/** A YAML syntax error on one line: `bad indentation of a mapping entry (4:1)`, without the snippet. */
export function yamlReason(error: unknown): string {
  const { reason, mark, message } = error as {
    reason?: string;
    mark?: { line: number; column: number };
    message?: string;
  };
  if (reason && mark) return `${reason} (${mark.line + 1}:${mark.column + 1})`;
  return String(message ?? error).split("\n")[0];
}

/**
 * Parses a YAML config file with a strict schema. Errors name the file and the path of each bad
 * field: `rules.yaml: rules[3].severity must be one of LOW, MEDIUM, HIGH, CRITICAL`.
 */
export function parseConfigFile<Schema extends z.ZodType>(
  text: string,
  fileName: string,
  schema: Schema,
): z.infer<Schema> {
  let document: unknown;
  try {
    document = load(text);
  } catch (error) {
    throw new ConfigFileError(`${fileName}: not valid YAML: ${yamlReason(error)}`);
  }
  const result = schema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${fileName}: ${describeIssue(issue)}`);
    throw new ConfigFileError(problems.join("; "));
  }
  return result.data;
}
