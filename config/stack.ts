import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { codeWatcherConfigSchema } from "./code-watcher";
import { listingApiConfigSchema } from "./listing-api";
import { parseConfigObject, StackConfigError } from "./parse";
import { policyMonitorConfigSchema } from "./policy-monitor";
import { secretSyncConfigSchema } from "./secret-sync";
import { trailBackupConfigSchema } from "./trail-backup";

export const PROJECT = "opsguard";

/** Every key opsguard reads from `Pulumi.<stack>.yaml`, under the `opsguard:` namespace. */
export const stackConfigSchemas = {
  /** Tags put on every resource that takes tags. */
  tags: z.record(z.string(), z.string()),
  codeWatcher: codeWatcherConfigSchema,
  policyMonitor: policyMonitorConfigSchema,
  secretSync: secretSyncConfigSchema,
  trailBackup: trailBackupConfigSchema,
  listingApi: listingApiConfigSchema,
} as const;

type Schemas = typeof stackConfigSchemas;
export type StackConfig = { [K in keyof Schemas]?: z.infer<Schemas[K]> };

/**
 * Reads and validates the stack config. A component is enabled by its key being present. An unknown
 * `opsguard:` key, a value that is not valid JSON/YAML or that fails its schema is an error that
 * names the key; a stack that enables no component is an error too.
 */
export function loadStackConfig(
  all: Record<string, string> = pulumi.runtime.allConfig(),
): StackConfig {
  const known = Object.keys(stackConfigSchemas);
  const config: Record<string, unknown> = {};
  for (const [fullKey, raw] of Object.entries(all)) {
    const [namespace, key] = fullKey.split(":", 2);
    if (namespace !== PROJECT) continue;
    if (!known.includes(key)) {
      throw new StackConfigError(
        `unknown stack config key ${fullKey}; known keys: ${known.map((k) => `${PROJECT}:${k}`).join(", ")}`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    config[key] = parseConfigObject(fullKey, stackConfigSchemas[key as keyof Schemas], value);
  }
  const components = known.filter((key) => key !== "tags");
  if (!components.some((key) => key in config)) {
    throw new StackConfigError(
      `no component is enabled: set at least one of ${components.map((k) => `${PROJECT}:${k}`).join(", ")}`,
    );
  }
  return config as StackConfig;
}
