import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { globToRegExp } from "./iam/glob";

/**
 * One exemption in a policy's config (`--policy-pack-config`):
 *
 * ```json
 * { "enable-s3-bucket-versioning": {
 *     "exemptions": [{ "resource": "scratch-*", "reason": "throwaway test data, OPS-142" }] } }
 * ```
 *
 * `resource` is a glob (`*` any run of characters, `?` one character) matched against the resource's
 * logical name and its URN; `reason` is mandatory and is kept with the decision.
 */
export interface Exemption {
  readonly resource: string;
  readonly reason: string;
}

/** The `exemptions` property every opsguard policy accepts in its config schema. */
export const exemptionsSchema: PolicyConfigJSONSchema = {
  type: "array",
  description: "Resources this policy skips: a glob on the logical name or URN, and why.",
  default: [],
  items: {
    type: "object",
    properties: {
      resource: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1 },
    },
    required: ["resource", "reason"],
    additionalProperties: false,
  },
};

/** A malformed exemption: the pack refuses to run rather than silently skipping or ignoring it. */
export class ExemptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExemptionConfigError";
  }
}

/** Parses `config.exemptions` of one policy; every problem names the policy and the index. */
export function parseExemptions(policyName: string, value: unknown): Exemption[] {
  if (value === undefined) return [];
  const where = `${policyName}.exemptions`;
  if (!Array.isArray(value)) throw new ExemptionConfigError(`${where} must be an array`);
  return value.map((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new ExemptionConfigError(`${at} must be an object with resource and reason`);
    }
    const record = entry as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((key) => key !== "resource" && key !== "reason");
    if (unknownKeys.length > 0) {
      throw new ExemptionConfigError(`${at} has unknown keys: ${unknownKeys.join(", ")}`);
    }
    for (const key of ["resource", "reason"] as const) {
      if (typeof record[key] !== "string" || (record[key] as string).trim() === "") {
        throw new ExemptionConfigError(`${at}.${key} must be a non-empty string`);
      }
    }
    return { resource: record.resource as string, reason: record.reason as string };
  });
}

/** The logical name in a URN: what follows the last `::`. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The exemption that covers a resource (by logical name or URN), or undefined. */
export function findExemption(
  exemptions: readonly Exemption[],
  resource: { readonly urn: string; readonly name?: string },
): Exemption | undefined {
  const name = resource.name ?? nameOfUrn(resource.urn);
  return exemptions.find((exemption) => {
    const pattern = globToRegExp(exemption.resource);
    return pattern.test(name) || pattern.test(resource.urn);
  });
}
