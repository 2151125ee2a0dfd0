import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { parseExemptions, type Exemption } from "./exemptions";

/**
 * One policy's setting in `opsguardPolicies(...)`: an enforcement level, or the level with the
 * policy's config properties (`exemptions`, and what the policy adds, e.g. `sensitiveTag`).
 */
export type PolicySetting =
  | EnforcementLevel
  | ({
      readonly enforcementLevel?: EnforcementLevel;
      readonly exemptions?: readonly Exemption[];
    } & Record<string, unknown>);

/**
 * How a team takes opsguard's policies into its own pack: `all` sets every policy's level, a
 * policy's name sets its own (awsguard's `new AwsGuard({ all: "mandatory", x: "disabled" })`).
 */
export type OpsguardPolicyOptions = {
  readonly all?: EnforcementLevel;
} & { readonly [policyName: string]: PolicySetting | undefined };

/** A setting that names no policy or property, or has a value the policy cannot take. */
export class PolicyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyOptionsError";
  }
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function level(value: unknown, where: string): EnforcementLevel {
  if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) {
    return value as EnforcementLevel;
  }
  throw new PolicyOptionsError(
    `${where} must be one of ${LEVELS.map((l) => `"${l}"`).join(", ")}, not ${JSON.stringify(value)}`,
  );
}

/**
 * Copies of `policies` with `options` applied: the level on each policy, the config properties as
 * the defaults of its config schema. The CLI's `--policy-pack-config` (or Pulumi Cloud's policy
 * group config) still overrides both, as for any pack. Throws `PolicyOptionsError` for a name
 * that is no policy of the list, a property a policy does not have, or a level that is none, and
 * `ExemptionConfigError` for a malformed exemption: before the pack starts, not at the first
 * preview.
 */
export function composePolicies(policies: Policies, options: OpsguardPolicyOptions = {}): Policies {
  const names = new Set(policies.map((policy) => policy.name));
  for (const key of Object.keys(options)) {
    if (key !== "all" && !names.has(key)) {
      throw new PolicyOptionsError(
        `"${key}" is no opsguard policy; the policies are: ${[...names].join(", ")}`,
      );
    }
  }
  const all = options.all === undefined ? undefined : level(options.all, "all");
  return policies.map((policy) => {
    const setting = options[policy.name];
    if (setting === undefined) return all ? { ...policy, enforcementLevel: all } : { ...policy };
    if (typeof setting !== "object" || setting === null || Array.isArray(setting)) {
      return { ...policy, enforcementLevel: level(setting, policy.name) };
    }
    const { enforcementLevel, ...properties } = setting;
    const schema: PolicyConfigSchema = policy.configSchema ?? { properties: {} };
    const known = Object.keys(schema.properties);
    for (const key of Object.keys(properties)) {
      if (!known.includes(key)) {
        throw new PolicyOptionsError(
          `${policy.name}.${key} is not a setting of ${policy.name}; it takes enforcementLevel, ${known.join(", ")}`,
        );
      }
    }
    if (properties.exemptions !== undefined) parseExemptions(policy.name, properties.exemptions);
    const withDefaults = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [
        key,
        key in properties && properties[key] !== undefined
          ? { ...property, default: properties[key] }
          : property,
      ]),
    ) as PolicyConfigSchema["properties"];
    return {
      ...policy,
      enforcementLevel:
        enforcementLevel !== undefined
          ? level(enforcementLevel, `${policy.name}.enforcementLevel`)
          : (all ?? policy.enforcementLevel),
      configSchema: { ...schema, properties: withDefaults },
    };
  });
}
