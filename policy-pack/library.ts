/**
 * opsguard's CrossGuard policies as a library, for a team's own pack:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { opsguardPolicies } from "opsguard-policy-pack";
 *
 * new PolicyPack("team-guardrails", {
 *   policies: [
 *     ...opsguardPolicies({ all: "mandatory", "enable-lb-deletion-protection": "advisory" }),
 *     ...teamPolicies,
 *   ],
 * });
 * ```
 *
 * Nothing here starts a server: only the team's `new PolicyPack(...)` does.
 */
import type { Policies } from "@pulumi/policy";
import { composePolicies, type OpsguardPolicyOptions } from "./lib/compose";
import { policies } from "./policies";

/** Every opsguard policy with `options` applied (levels and config); see `composePolicies`. */
export function opsguardPolicies(options: OpsguardPolicyOptions = {}): Policies {
  return composePolicies(policies, options);
}

export { policies };
export { composePolicies, PolicyOptionsError } from "./lib/compose";
export type { OpsguardPolicyOptions, PolicySetting } from "./lib/compose";
export { resourcePolicy, stackPolicy, matchTags, policyDetails } from "./lib/define";
export type {
  PolicyDetails,
  PolicyMatches,
  PolicyMeta,
  ResourceCheck,
  StackCheck,
  StackResource,
} from "./lib/define";
export { ExemptionConfigError } from "./lib/exemptions";
export type { Exemption } from "./lib/exemptions";
export { PreviewUnknownError } from "./lib/unknown";
