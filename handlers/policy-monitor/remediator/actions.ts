import {
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  type IAMClient,
  type Tag,
} from "@aws-sdk/client-iam";
import type { RemediationAction, Violation } from "../../../contracts/violation";
import {
  isNoSuchEntity,
  newestFirst,
  policyEntities,
  policyVersions,
  type PrincipalRef,
} from "./iam-lookups";

/** One IAM change: what it is in words (for the audit log) and how to make it. */
export interface RemediationStep {
  readonly description: string;
  readonly run: () => Promise<unknown>;
}

/** Tags that mark a quarantined policy. */
export const QUARANTINE_TAG = "opsguard:quarantined";

function detachStep(iam: IAMClient, principal: PrincipalRef, policyArn: string): RemediationStep {
  const run = {
    user: () =>
      iam.send(new DetachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn })),
    role: () =>
      iam.send(new DetachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn })),
    group: () =>
      iam.send(new DetachGroupPolicyCommand({ GroupName: principal.name, PolicyArn: policyArn })),
  }[principal.type];
  return { description: `detach ${policyArn} from ${principal.type} ${principal.name}`, run };
}

async function policyExists(iam: IAMClient, policyArn: string) {
  try {
    return (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy ?? null;
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

async function planDetach(iam: IAMClient, principal: PrincipalRef, policyArn: string) {
  const entities = (await policyEntities(iam, policyArn)) ?? [];
  const attached = entities.some((e) => e.type === principal.type && e.name === principal.name);
  return attached ? [detachStep(iam, principal, policyArn)] : [];
}

function deleteVersionStep(iam: IAMClient, policyArn: string, versionId: string): RemediationStep {
  return {
    description: `delete version ${versionId} of ${policyArn}`,
    run: () =>
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
  };
}

async function planDeletePolicy(iam: IAMClient, policyArn: string): Promise<RemediationStep[]> {
  if (!(await policyExists(iam, policyArn))) return [];
  const steps = ((await policyEntities(iam, policyArn)) ?? []).map((p) =>
    detachStep(iam, p, policyArn),
  );
  for (const version of (await policyVersions(iam, policyArn)) ?? []) {
    if (version.IsDefaultVersion) continue;
    steps.push(deleteVersionStep(iam, policyArn, version.VersionId!));
  }
  steps.push({
    description: `delete policy ${policyArn}`,
    run: () => iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })),
  });
  return steps;
}

async function planDeleteInline(iam: IAMClient, principal: PrincipalRef, policyName: string) {
  const commands = {
    user: [
      new GetUserPolicyCommand({ UserName: principal.name, PolicyName: policyName }),
      new DeleteUserPolicyCommand({ UserName: principal.name, PolicyName: policyName }),
    ],
    role: [
      new GetRolePolicyCommand({ RoleName: principal.name, PolicyName: policyName }),
      new DeleteRolePolicyCommand({ RoleName: principal.name, PolicyName: policyName }),
    ],
    group: [
      new GetGroupPolicyCommand({ GroupName: principal.name, PolicyName: policyName }),
      new DeleteGroupPolicyCommand({ GroupName: principal.name, PolicyName: policyName }),
    ],
  } as const;
  const [get, remove] = commands[principal.type];
  try {
    // The union of command types does not narrow through the table: send each as its own type.
    await iam.send(get as GetUserPolicyCommand);
  } catch (error) {
    if (isNoSuchEntity(error)) return [];
    throw error;
  }
  return [
    {
      description: `delete inline policy ${policyName} of ${principal.type} ${principal.name}`,
      run: () => iam.send(remove as DeleteUserPolicyCommand),
    },
  ];
}

/**
 * Quarantine: IAM cannot rename a policy, so the policy is detached from every user, role and
 * group and tagged `opsguard:quarantined` (with the violation id). Its document and every version
 * stay as they are, for forensics; no new version is created, so the 5-version limit never bites.
 */
async function planQuarantine(
  iam: IAMClient,
  policyArn: string,
  violation: Violation,
  now: Date,
): Promise<RemediationStep[]> {
  const policy = await policyExists(iam, policyArn);
  if (!policy) return [];
  const entities = (await policyEntities(iam, policyArn)) ?? [];
  const tagged = (policy.Tags ?? []).some((tag) => tag.Key === QUARANTINE_TAG);
  const steps = entities.map((principal) => detachStep(iam, principal, policyArn));
  if (tagged && steps.length === 0) return [];
  const detachedFrom = entities.map((p) => `${p.type}/${p.name}`).join(" ") || "none";
  const tags: Tag[] = [
    { Key: QUARANTINE_TAG, Value: now.toISOString() },
    { Key: "opsguard:violation-id", Value: violation.violationId.slice(0, 256) },
    { Key: "opsguard:detached-from", Value: detachedFrom.slice(0, 256) },
  ];
  steps.push({
    description: `tag ${policyArn} ${QUARANTINE_TAG}`,
    run: () => iam.send(new TagPolicyCommand({ PolicyArn: policyArn, Tags: tags })),
  });
  return steps;
}

/**
 * Rolls back a bad version (`badVersionId`) of a customer managed policy: when it is the default,
 * the newest other version by CreateDate becomes the default; then the bad version is deleted, so
 * that nobody can make it the default again. A bad version that is gone already needs nothing.
 *
 * IAM does not record which version was the default before, and the CloudTrail event does not say,
 * so the newest other version stands for it. That is the previous default in the two common cases,
 * when each version became the default as it was created: CreatePolicyVersion --set-as-default
 * (the default it replaced was the newest version before it), and SetDefaultPolicyVersion back to
 * an old bad version (the default it replaced is newer than it, and the newest). Its limit: when a
 * version was created without becoming the default, or the default changed again after the event,
 * the newest other version may not be the one that was the default. The outcome names the version
 * made the default, so that the audit log and the notification let a person check it.
 *
 * The safety checks refuse a bad version that is the only version (there is nothing to restore);
 * should it become so after them, the plan fails rather than leave the policy without a version.
 */
async function planRestorePreviousDefault(
  iam: IAMClient,
  policyArn: string,
  badVersionId: string,
): Promise<RemediationStep[]> {
  const versions = (await policyVersions(iam, policyArn)) ?? [];
  const bad = versions.find((version) => version.VersionId === badVersionId);
  if (!bad) return [];
  const steps: RemediationStep[] = [];
  if (bad.IsDefaultVersion) {
    const [previous] = versions.filter((version) => version !== bad).sort(newestFirst);
    if (!previous) throw new Error(`${badVersionId} is the only version of ${policyArn}`);
    const versionId = previous.VersionId!;
    steps.push({
      description: `make version ${versionId} the default of ${policyArn} in place of ${badVersionId}`,
      run: () =>
        iam.send(
          new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
        ),
    });
  }
  steps.push(deleteVersionStep(iam, policyArn, badVersionId));
  return steps;
}

/**
 * The IAM changes that `action` needs now, read from IAM's current state: an empty plan means the
 * remediation is already in place (which makes a repeated message harmless).
 */
export async function planRemediation(
  iam: IAMClient,
  violation: Violation,
  action: RemediationAction,
  now: Date,
): Promise<RemediationStep[]> {
  const { target } = violation;
  const principal = { type: target.principalType!, name: target.principalName! };
  switch (action) {
    case "detach_policy":
      return planDetach(iam, principal, target.policyArn!);
    case "delete_policy":
      return planDeletePolicy(iam, target.policyArn!);
    case "delete_inline_policy":
      return planDeleteInline(iam, principal, target.policyName!);
    case "quarantine_policy":
      return planQuarantine(iam, target.policyArn!, violation, now);
    case "restore_previous_default_version":
      return planRestorePreviousDefault(iam, target.policyArn!, target.policyVersionId!);
  }
}
