import { load } from "js-yaml";
import type { z } from "zod";
import { describeIssue } from "../zod-issues";

/** Raised when rules.yaml or suppress.yaml is not valid YAML or breaks its schema. */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigFileError";
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
