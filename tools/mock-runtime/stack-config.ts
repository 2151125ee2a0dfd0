import { load } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads `Pulumi.<stack>.yaml` as the Pulumi CLI would: its `config` map, with namespaced keys
 * (`opsguard:codeWatcher`, `aws:region`). Encrypted values (`{ secure: … }`) cannot be decrypted
 * without the CLI, so they become a placeholder string.
 */
export function readStackConfig(projectDir: string, stack: string): Record<string, unknown> {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new Error(`no stack config: ${file} does not exist`);
  const parsed = load(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const config = parsed?.config ?? {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`${file}: config must be a mapping of keys to values`);
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
  const parsed = load(readFileSync(file, "utf8")) as { name?: unknown } | null;
  return typeof parsed?.name === "string" ? parsed.name : fallback;
}
