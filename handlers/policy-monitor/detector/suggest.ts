import {
  RemediationAction,
  type RemediationAction as Action,
  type ViolationTarget,
} from "../../../contracts/violation";
import { isAwsManagedPolicy } from "../shared/aws-managed-policy";

/** The remediation a violation suggests, and why; no action means "notify only". */
export interface Suggestion {
  readonly action?: Action;
  readonly reason: string;
}

/** The events that change which version of a managed policy is in force. */
const VERSION_EVENTS = new Set(["CreatePolicyVersion", "SetDefaultPolicyVersion"]);

/** What an action would do to this target, or what stands in its way. */
type Fit = { readonly effect: string } | { readonly obstacle: string };

const principalOf = (target: ViolationTarget) =>
  target.principalType && target.principalName
    ? `${target.principalType} ${target.principalName}`
    : undefined;

/**
 * Whether `action` can undo what `eventName` did to `target`, judged from the violation alone: an
 * action that the remediator would refuse for this target (one that needs a field the target lacks,
 * or changes an AWS managed policy, which the remediator never does) is never suggested, so that a
 * violation does not promise a fix that cannot happen.
 */
function fit(action: Action, target: ViolationTarget, eventName: string): Fit {
  const principal = principalOf(target);
  const policy = target.policyArn;
  if (action === RemediationAction.DeleteInlinePolicy) {
    if (target.kind !== "inline-policy")
      return { obstacle: `the target is of kind ${target.kind}` };
    if (!principal || !target.policyName) {
      return { obstacle: "the target names no principal and policy name" };
    }
    return {
      effect: `${eventName} embedded ${target.policyName} in ${principal}: deleting it removes exactly what was added`,
    };
  }
  if (target.kind !== "managed-policy") return { obstacle: `the target is of kind ${target.kind}` };
  if (!policy) return { obstacle: "the target names no policy ARN" };
  if (action === RemediationAction.DetachPolicy) {
    if (!principal) return { obstacle: "the target names no principal to detach it from" };
    return {
      effect: `${eventName} attached the policy: detaching it from ${principal} undoes that`,
    };
  }
  // Detaching is the one change the remediator may make for an AWS managed policy.
  if (isAwsManagedPolicy(policy)) {
    return { obstacle: `${policy} is an AWS managed policy, which is never changed` };
  }
  switch (action) {
    case RemediationAction.RestorePreviousDefaultVersion:
      if (!VERSION_EVENTS.has(eventName)) {
        return { obstacle: `${eventName} did not change the policy's default version` };
      }
      if (!target.policyVersionId) return { obstacle: "the target names no policy version" };
      return {
        effect: `${eventName} added or chose version ${target.policyVersionId} of ${policy}: if it is the default, the version before it becomes the default again, and ${target.policyVersionId} is deleted so that it cannot be made the default later`,
      };
    case RemediationAction.QuarantinePolicy:
      return {
        effect: `${policy} is detached from every user, role and group and tagged, its versions kept for review`,
      };
    case RemediationAction.DeletePolicy:
      return { effect: `${policy} is detached from everyone and deleted with all its versions` };
  }
}

/**
 * The action that undoes what the event did, by target kind:
 * - an inline policy (Put*Policy) exists only where it was embedded: deleting it is exact;
 * - a managed policy attached to a principal (Attach*Policy): detaching it undoes the attachment
 *   and leaves the policy to its other users;
 * - a new version or a new default version: rolling the default back keeps the policy and its
 *   attachments, and changes nothing but what the event changed;
 * - a new policy (CreatePolicy): quarantine rather than delete_policy, as it keeps the document
 *   for review and can be undone by attaching it again;
 * - a trust policy: notify only, as the reason says;
 * - anything else: notify only, since no action is known to undo it.
 */
function defaultAction(
  target: ViolationTarget,
  eventName: string,
): { readonly action: Action } | { readonly notifyOnly: string } {
  switch (target.kind) {
    case "inline-policy":
      return { action: RemediationAction.DeleteInlinePolicy };
    case "trust-policy":
      return {
        notifyOnly:
          eventName === "CreateRole"
            ? "the role is new: deleting it or rewriting its trust policy could break whatever was built to assume it"
            : "the event does not carry the previous trust policy, and a guessed one could lock out the role's legitimate users",
      };
    case "managed-policy":
      if (principalOf(target)) return { action: RemediationAction.DetachPolicy };
      if (VERSION_EVENTS.has(eventName)) {
        return { action: RemediationAction.RestorePreviousDefaultVersion };
      }
      if (eventName === "CreatePolicy") return { action: RemediationAction.QuarantinePolicy };
      return { notifyOnly: `no action is known to undo ${eventName} of a managed policy` };
  }
}

/**
 * One suggestion for one violation. A rule's own `suggestedAction` wins when it can fix the target
 * (the first such rule, highest severity first); otherwise the action follows from the target's
 * kind and the event that changed it. A rule's suggestion that cannot apply is named in the
 * reason, so that the rule's author sees why it was passed over.
 */
export function suggestRemediation(
  target: ViolationTarget,
  eventName: string,
  ruleSuggestions: readonly (Action | undefined)[],
): Suggestion {
  const passedOver: string[] = [];
  for (const action of ruleSuggestions) {
    if (action === undefined) continue;
    const ruleFit = fit(action, target, eventName);
    if ("effect" in ruleFit) {
      return { action, reason: `a matched rule asks for ${action}: ${ruleFit.effect}` };
    }
    passedOver.push(`a matched rule's ${action} cannot apply: ${ruleFit.obstacle}`);
  }
  const note = passedOver.length > 0 ? ` (${passedOver[0]})` : "";
  const chosen = defaultAction(target, eventName);
  if ("notifyOnly" in chosen) return { reason: `notify only: ${chosen.notifyOnly}${note}` };
  const { action } = chosen;
  const defaultFit = fit(action, target, eventName);
  if ("obstacle" in defaultFit) {
    return { reason: `notify only: ${action} cannot apply: ${defaultFit.obstacle}${note}` };
  }
  return { action, reason: `${defaultFit.effect}${note}` };
}
