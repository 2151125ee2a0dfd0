import { join } from "node:path";
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import {
  VIOLATION_SCHEMA_VERSION,
  violationSchema,
  type RemediationAction,
  type Violation,
  type ViolationTarget,
} from "../../contracts/violation";
import { readStackConfig } from "../../tools/mock-runtime/stack-config";
import { violationEventFixture } from "./violation-event";

/**
 * The principals the dev stack protects (`Pulumi.dev.yaml`): the planned remediator role denies
 * changes to them, so a test that gives the handler the same list tests what the stack deploys.
 */
export function devProtectedPrincipals(): string[] {
  const policyMonitor = readStackConfig(join(__dirname, "..", ".."), "dev")[
    "opsguard:policyMonitor"
  ] as { responders: { remediation: { protectedPrincipals: string[] } } };
  return policyMonitor.responders.remediation.protectedPrincipals;
}

/** The fixture's EventBridge event, with its violation changed by `change`. */
export function violationEvent(change: (violation: Violation) => Violation = (v) => v) {
  const event = violationEventFixture();
  return { ...event, detail: change(event.detail as Violation) };
}

export const ALLOW_ALL = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

/** A narrow document: the version an admin version replaces. */
export const READ_REPORTS = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }],
});

export type PrincipalType = "user" | "role" | "group";

export interface ViolationSpec {
  readonly violationId: string;
  /** The CloudTrail call that made the change. */
  readonly eventName: string;
  readonly target: ViolationTarget;
  readonly suggestedAction?: RemediationAction;
  /** Defaults to a reason naming the action, or "notify only: …" without one. */
  readonly suggestionReason?: string;
}

/**
 * A schema-v2 violation of one CRITICAL rule (every action on every resource) about `target`,
 * built here rather than by the detector, and checked against the shared schema.
 */
export function remediationViolation(spec: ViolationSpec): Violation {
  const statement = { Effect: "Allow", Action: "*", Resource: "*" };
  return violationSchema.parse({
    schemaVersion: VIOLATION_SCHEMA_VERSION,
    violationId: spec.violationId,
    severity: "CRITICAL",
    title: "Full administrator access",
    rules: [
      {
        ruleId: "full-admin",
        title: "Full administrator access",
        description: "Allows every action on every resource.",
        severity: "CRITICAL",
        findings: [{ statementIndex: 0, actions: ["*"], resources: ["*"], statement }],
      },
    ],
    target: spec.target,
    actor: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice", userName: "alice" },
    eventId: `event-${spec.violationId}`,
    eventName: spec.eventName,
    eventTime: "2026-11-20T09:15:40Z",
    awsRegion: "us-east-1",
    accountId: "123456789012",
    ...(spec.suggestedAction ? { suggestedAction: spec.suggestedAction } : {}),
    suggestionReason:
      spec.suggestionReason ??
      (spec.suggestedAction ? `the test suggests ${spec.suggestedAction}` : "notify only: a test"),
    detectedAt: "2026-11-20T09:15:41Z",
  });
}

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

export async function createPrincipal(
  iam: IAMClient,
  type: "user" | "role" | "group",
  name: string,
  path = "/",
): Promise<string> {
  if (type === "user") {
    return (await iam.send(new CreateUserCommand({ UserName: name, Path: path }))).User!.Arn!;
  }
  if (type === "group") {
    return (await iam.send(new CreateGroupCommand({ GroupName: name, Path: path }))).Group!.Arn!;
  }
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: TRUST }),
  );
  return role.Role!.Arn!;
}

export async function createPolicy(iam: IAMClient, name: string): Promise<string> {
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: name, PolicyDocument: ALLOW_ALL }),
  );
  return created.Policy!.Arn!;
}

export async function attach(
  iam: IAMClient,
  type: "user" | "role" | "group",
  name: string,
  policyArn: string,
): Promise<void> {
  if (type === "user")
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  if (type === "role")
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  if (type === "group")
    await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
}

/** Embeds the admin document in the principal (Put<Type>Policy), and its violation. */
export async function inlineAdminPolicy(
  iam: IAMClient,
  type: PrincipalType,
  name: string,
  policyName = "inline-admin",
): Promise<Violation> {
  const put = { PolicyName: policyName, PolicyDocument: ALLOW_ALL };
  if (type === "user") await iam.send(new PutUserPolicyCommand({ UserName: name, ...put }));
  if (type === "role") await iam.send(new PutRolePolicyCommand({ RoleName: name, ...put }));
  if (type === "group") await iam.send(new PutGroupPolicyCommand({ GroupName: name, ...put }));
  const eventType = type[0].toUpperCase() + type.slice(1);
  return remediationViolation({
    violationId: `inline-${type}-${name}`,
    eventName: `Put${eventType}Policy`,
    suggestedAction: "delete_inline_policy",
    target: { kind: "inline-policy", policyName, principalType: type, principalName: name },
  });
}

/**
 * A narrow policy (v1) that CreatePolicyVersion --set-as-default widens to the admin document
 * (v2), and the violation about v2.
 */
export async function adminPolicyVersion(
  iam: IAMClient,
  policyName: string,
): Promise<{ policyArn: string; violation: Violation }> {
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: READ_REPORTS }),
  );
  const policyArn = created.Policy!.Arn!;
  const version = await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: policyArn,
      PolicyDocument: ALLOW_ALL,
      SetAsDefault: true,
    }),
  );
  const violation = remediationViolation({
    violationId: `version-${policyName}`,
    eventName: "CreatePolicyVersion",
    suggestedAction: "restore_previous_default_version",
    target: {
      kind: "managed-policy",
      policyArn,
      policyVersionId: version.PolicyVersion!.VersionId!,
    },
  });
  return { policyArn, violation };
}

/** A new admin policy (CreatePolicy), and the violation that quarantines it. */
export async function newAdminPolicy(
  iam: IAMClient,
  policyName: string,
): Promise<{ policyArn: string; violation: Violation }> {
  const policyArn = await createPolicy(iam, policyName);
  const violation = remediationViolation({
    violationId: `new-${policyName}`,
    eventName: "CreatePolicy",
    suggestedAction: "quarantine_policy",
    target: { kind: "managed-policy", policyArn, policyName, policyVersionId: "v1" },
  });
  return { policyArn, violation };
}

/** A new admin policy attached to the principal (Attach<Type>Policy), and its violation. */
export async function attachedAdminPolicy(
  iam: IAMClient,
  type: PrincipalType,
  name: string,
): Promise<{ policyArn: string; violation: Violation }> {
  const policyArn = await createPolicy(iam, `${name}-attached-admin`);
  await attach(iam, type, name, policyArn);
  const eventType = type[0].toUpperCase() + type.slice(1);
  const violation = remediationViolation({
    violationId: `attached-${type}-${name}`,
    eventName: `Attach${eventType}Policy`,
    suggestedAction: "detach_policy",
    target: {
      kind: "managed-policy",
      policyArn,
      policyVersionId: "v1",
      principalType: type,
      principalName: name,
    },
  });
  return { policyArn, violation };
}
