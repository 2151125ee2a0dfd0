import { load } from "js-yaml";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A stack or project file that is missing, not YAML or not shaped as Pulumi reads it; names the file. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** Parses a YAML file; a syntax error names the file: `Pulumi.dev.yaml: bad indentation … (4:1)`. */
function loadYamlFile(file: string): unknown {
  try {
    return load(readFileSync(file, "utf8"), { filename: file });
  } catch (error) {
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    if (!reason || !mark) throw error;
    throw new StackFileError(`${file}:${mark.line + 1}:${mark.column + 1}: ${reason}`);
  }
}

/** The stacks with a `Pulumi.<stack>.yaml` in `projectDir`. */
export function stacksIn(projectDir: string): string[] {
  return readdirSync(projectDir)
    .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * Reads `Pulumi.<stack>.yaml` as the Pulumi CLI would: its `config` map, with namespaced keys
 * (`opsguard:codeWatcher`, `aws:region`). Encrypted values (`{ secure: … }`) cannot be decrypted
 * without the CLI, so they become a placeholder string.
 */
export function readStackConfig(projectDir: string, stack: string): Record<string, unknown> {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    const stacks = stacksIn(projectDir);
    throw new StackFileError(
      `no stack config: ${file} does not exist (stacks there: ${stacks.join(", ") || "none"})`,
    );
  }
  const parsed = loadYamlFile(file) as { config?: Record<string, unknown> } | null;
  const config = parsed?.config ?? {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new StackFileError(`${file}: config must be a mapping of keys to values`);
  }
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, isSecure(value) ? "[secret]" : value]),
  );
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "secure" in value &&
    Object.keys(value).length === 1
  );
}

/** The project name of `Pulumi.yaml` in `projectDir`: config keys without a namespace belong to it. */
export function readProjectName(projectDir: string, fallback: string): string {
  const file = join(projectDir, "Pulumi.yaml");
  if (!existsSync(file)) return fallback;
  const parsed = loadYamlFile(file) as { name?: unknown } | null;
  return typeof parsed?.name === "string" ? parsed.name : fallback;
}
