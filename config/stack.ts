import { Region } from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { codeWatcherConfigSchema } from "./code-watcher";
import { listingApiConfigSchema } from "./listing-api";
import { organizationConfigSchema } from "./organization";
import { parseConfigObject, StackConfigError } from "./parse";
import { policyMonitorConfigSchema } from "./policy-monitor";
import { secretSyncConfigSchema } from "./secret-sync";
import { closest } from "./suggest";
import { trailBackupConfigSchema } from "./trail-backup";
import { alertsConfigSchema } from "./alerts";

export const PROJECT = "opsguard";

/** Every key opsguard reads from `Pulumi.<stack>.yaml`, under the `opsguard:` namespace. */
export const stackConfigSchemas = {
  /** Tags put on every resource that takes tags. */
  tags: z.record(z.string(), z.string()),
  /** Where every component's failure alarms go, and when they fire. */
  alerts: alertsConfigSchema,
  codeWatcher: codeWatcherConfigSchema,
  policyMonitor: policyMonitorConfigSchema,
  secretSync: secretSyncConfigSchema,
  trailBackup: trailBackupConfigSchema,
  listingApi: listingApiConfigSchema,
  /** Makes the stack the hub of an AWS Organization: its members are guarded from here. */
  organization: organizationConfigSchema,
} as const;

/** The regions `@pulumi/aws` can deploy to: what `aws:region` may be. */
export const KNOWN_REGIONS: readonly string[] = Object.values(Region);

/** Checks `aws:region` against KNOWN_REGIONS; a typo gets the region it most likely meant. */
export function checkRegion(region: string): void {
  if (KNOWN_REGIONS.includes(region)) return;
  const suggestion = closest(region, KNOWN_REGIONS);
  throw new StackConfigError(
    `aws:region: "${region}" is not a region @pulumi/aws knows` +
      (suggestion ? `; did you mean ${suggestion}?` : ` (known: ${KNOWN_REGIONS.join(", ")})`),
  );
}

type Schemas = typeof stackConfigSchemas;
export type StackConfig = { [K in keyof Schemas]?: z.infer<Schemas[K]> };

/**
 * Reads and validates the stack config. A component is enabled by its key being present. An unknown
 * `opsguard:` key, a value that is not valid JSON/YAML or that fails its schema is an error that
 * names the key; a stack that enables no component is an error too, and so is an `aws:region` that
 * `@pulumi/aws` does not know.
 */
export function loadStackConfig(
  all: Record<string, string> = pulumi.runtime.allConfig(),
): StackConfig {
  const known = Object.keys(stackConfigSchemas);
  const config: Record<string, unknown> = {};
  const region = all["aws:region"];
  if (region !== undefined) checkRegion(region);
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
  const components = known.filter(
    (key) => key !== "tags" && key !== "alerts" && key !== "organization",
  );
  if (!components.some((key) => key in config)) {
    throw new StackConfigError(
      `no component is enabled: set at least one of ${components.map((k) => `${PROJECT}:${k}`).join(", ")}`,
    );
  }
  if (!("alerts" in config)) {
    throw new StackConfigError(
      `${PROJECT}:alerts is required: every component's failure alarms notify it, so set its emails (or slack)`,
    );
  }
  if ("organization" in config && !("policyMonitor" in config)) {
    throw new StackConfigError(
      `${PROJECT}:organization needs ${PROJECT}:policyMonitor: the hub's detector judges the members' IAM events`,
    );
  }
  return config as StackConfig;
}
