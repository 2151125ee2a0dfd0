import type { IAMClient } from "@aws-sdk/client-iam";
import type { RemediationAction, Violation } from "../../../contracts/violation";
import { matchesGlob } from "../../../policy-pack/lib/iam/glob";
import { isAwsManagedPolicy } from "../shared/aws-managed-policy";
import { policyEntities, policyVersions, principalArn, type PrincipalRef } from "./iam-lookups";

export interface SafetyContext {
  readonly iam: IAMClient;
  /** The remediator's own execution role: it never remediates itself. */
  readonly ownRoleName: string;
  readonly protectedPrincipals: readonly string[];
  readonly detachAwsManagedPolicies: boolean;
}

/** Why this principal is protected, or null. `arn` is its real ARN (path included). */
export function protectedReason(
  principal: PrincipalRef,
  arn: string,
  context: Pick<SafetyContext, "ownRoleName" | "protectedPrincipals">,
): string | null {
  if (/:root$/.test(arn)) return "the root user is never remediated";
  if (principal.type === "role" && principal.name === context.ownRoleName) {
    return `role ${principal.name} is the remediator's own role`;
  }
  if (principal.type === "role" && arn.includes(":role/aws-service-role/")) {
    return `role ${principal.name} is a service-linked role (aws-service-role/)`;
  }
  for (const pattern of context.protectedPrincipals) {
    const subject = pattern.startsWith("arn:") ? arn : principal.name;
    if (matchesGlob(pattern, subject)) {
      return `${principal.type} ${principal.name} is protected by "${pattern}"`;
    }
  }
  return null;
}

/**
 * The safety checks that come before any change. Returns why the remediation must not happen, or
 * null when it may. Checks what IAM says now (paths, attachments), not only what the event says.
 */
export async function safetyRefusal(
  violation: Violation,
  action: RemediationAction,
  context: SafetyContext,
): Promise<string | null> {
  const { target } = violation;
  if (violation.actor.type === "Root") return "the change was made by the root user";
  if (target.principalArn && /:root$/.test(target.principalArn)) {
    return "the root user is never remediated";
  }
  if (target.kind === "trust-policy") {
    return "trust policies are not remediated automatically (notify only)";
  }

  if (action === "delete_inline_policy") {
    if (target.kind !== "inline-policy") return `delete_inline_policy needs an inline policy`;
  } else if (target.kind !== "managed-policy") {
    return `${action} needs a managed policy, the target is an ${target.kind}`;
  }
  const policyArn = target.policyArn;
  if (action !== "delete_inline_policy" && !policyArn) return "target.policyArn is missing";
  if (policyArn && isAwsManagedPolicy(policyArn)) {
    if (action !== "detach_policy") return `${policyArn} is an AWS managed policy`;
    if (!context.detachAwsManagedPolicies) {
      return `${policyArn} is an AWS managed policy (detachAwsManagedPolicies is off in remediator.yaml)`;
    }
  }
  if (action === "restore_previous_default_version" && !target.policyVersionId) {
    return "target.policyVersionId is missing";
  }

  const principals: PrincipalRef[] = [];
  if (action === "detach_policy" || action === "delete_inline_policy") {
    if (!target.principalType || !target.principalName) {
      return `${action} needs target.principalType and target.principalName`;
    }
    if (action === "delete_inline_policy" && !target.policyName)
      return "target.policyName is missing";
    principals.push({ type: target.principalType, name: target.principalName });
  } else {
    // Deleting, quarantining or rolling back the policy changes what everyone it is attached to may
    // do: each of them must be fair game.
    principals.push(...((await policyEntities(context.iam, policyArn!)) ?? []));
  }
  for (const principal of principals) {
    const arn = await principalArn(context.iam, principal);
    if (arn === null) continue; // gone already: nothing to protect
    const reason = protectedReason(principal, arn, context);
    if (reason) return reason;
  }
  if (action === "restore_previous_default_version") {
    return onlyVersionRefusal(context.iam, policyArn!, target.policyVersionId!);
  }
  return null;
}

/** Refuses to roll back the only version of a policy: there is no earlier one to restore. */
async function onlyVersionRefusal(
  iam: IAMClient,
  policyArn: string,
  versionId: string,
): Promise<string | null> {
  const versions = (await policyVersions(iam, policyArn)) ?? [];
  const isOnly = versions.length === 1 && versions[0].VersionId === versionId;
  return isOnly
    ? `${versionId} is the only version of ${policyArn}: there is no earlier version to restore`
    : null;
}
