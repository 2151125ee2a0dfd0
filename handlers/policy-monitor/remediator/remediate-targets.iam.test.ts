import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { REMEDIATION_ACTIONS, type Violation } from "../../../contracts/violation";
import { planComponent } from "../../../test/harness/component-plan";
import { assumeComponentRole } from "../../../test/harness/iam-role";
import { iamState, type IamState, type IamWorld } from "../../../test/support/iam-state";
import {
  READ_REPORTS,
  adminPolicyVersion,
  attach,
  attachedAdminPolicy,
  createPrincipal,
  devProtectedPrincipals,
  inlineAdminPolicy,
  newAdminPolicy,
  remediationViolation,
  type PrincipalType,
} from "../../../test/support/policy-remediator";
import { ownRoleNameLoader } from "./own-role";
import { remediateViolation, type RemediationSettings } from "./remediate";

// Every remediation below runs with moto's IAM enforcement on, signed with the role that
// PolicyResponders gives the remediator in the dev stack: a missing grant fails the change.
const FUNCTION = "policy-monitor-responders-remediator";
const NOW = "2026-11-20T09:16:00.000Z";
// Documents for policies on the remediator's own role: they must not widen what it may do.
const DENY_A = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
});
const DENY_B = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }],
});

let admin: IAMClient;
let handler: { iam: IAMClient; sts: STSClient };
let ownRole: string;
// Every action allowed, live, with the dev stack's protected principals (its role denies them too).
const settings: RemediationSettings = {
  allowedActions: REMEDIATION_ACTIONS,
  dryRun: false,
  protectedPrincipals: devProtectedPrincipals(),
  detachAwsManagedPolicies: false,
};

beforeAll(async () => {
  const plan = await planComponent("policyMonitor");
  ownRole = plan.roleName(FUNCTION);
  const role = await assumeComponentRole(ownRole, plan.statements(FUNCTION), plan.region);
  admin = new IAMClient(role.adminConfig);
  handler = { iam: new IAMClient(role.roleConfig), sts: new STSClient(role.roleConfig) };
});

/** The remediation as the handler runs it, with its own role's name asked of STS. */
async function remediateAsHandler(
  violation: Violation,
  changed: Partial<RemediationSettings> = {},
) {
  return remediateViolation(violation, {
    iam: handler.iam,
    config: { ...settings, ...changed },
    ownRoleName: await ownRoleNameLoader(handler.sts)(),
    now: () => new Date(NOW),
  });
}

interface Arranged {
  readonly violation: Violation;
  readonly world: IamWorld;
  /** The IAM changes the remediation makes, in order. */
  readonly changes: readonly string[];
  /** The state after the remediation, from the state before it. */
  readonly after: (before: IamState) => IamState;
}

const principalKey = (type: PrincipalType, name: string) => `${type}/${name}`;
const edit = (state: IamState, change: (copy: IamState) => void): IamState => {
  const copy = structuredClone(state);
  change(copy);
  return copy;
};

async function inline(type: PrincipalType, name: string): Promise<Arranged> {
  await createPrincipal(admin, type, name);
  return {
    violation: await inlineAdminPolicy(admin, type, name),
    world: { principals: [{ type, name }], policyArns: [] },
    changes: [`delete inline policy inline-admin of ${type} ${name}`],
    after: (before) => edit(before, (s) => (s.principals[principalKey(type, name)].inline = {})),
  };
}

async function attached(type: PrincipalType, name: string): Promise<Arranged> {
  await createPrincipal(admin, type, name);
  const { policyArn, violation } = await attachedAdminPolicy(admin, type, name);
  return {
    violation,
    world: { principals: [{ type, name }], policyArns: [policyArn] },
    changes: [`detach ${policyArn} from ${type} ${name}`],
    after: (before) =>
      edit(before, (s) => {
        s.principals[principalKey(type, name)].attached = [];
        s.policies[policyArn].attachmentCount = 0;
      }),
  };
}

async function newVersion(name: string): Promise<Arranged> {
  const { policyArn, violation } = await adminPolicyVersion(admin, name);
  return {
    violation,
    world: { principals: [], policyArns: [policyArn] },
    changes: [
      `make version v1 the default of ${policyArn} in place of v2`,
      `delete version v2 of ${policyArn}`,
    ],
    after: (before) =>
      edit(before, (s) => {
        s.policies[policyArn].defaultVersionId = "v1";
        s.policies[policyArn].versions = { v1: READ_REPORTS };
      }),
  };
}

/** A new admin policy that someone attached to a role before the remediation ran. */
async function newPolicy(name: string): Promise<Arranged> {
  const { policyArn, violation } = await newAdminPolicy(admin, name);
  await createPrincipal(admin, "role", `${name}-user`);
  await attach(admin, "role", `${name}-user`, policyArn);
  return {
    violation,
    world: { principals: [{ type: "role", name: `${name}-user` }], policyArns: [policyArn] },
    changes: [
      `detach ${policyArn} from role ${name}-user`,
      `tag ${policyArn} opsguard:quarantined`,
    ],
    after: (before) =>
      edit(before, (s) => {
        s.principals[principalKey("role", `${name}-user`)].attached = [];
        s.policies[policyArn].attachmentCount = 0;
        s.policies[policyArn].tags = [
          { Key: "opsguard:quarantined", Value: NOW },
          { Key: "opsguard:violation-id", Value: violation.violationId },
          { Key: "opsguard:detached-from", Value: `role/${name}-user` },
        ];
      }),
  };
}

const TARGETS: [string, (id: string) => Promise<Arranged>][] = [
  ["an inline admin policy of a user", (id) => inline("user", `inline-user-${id}`)],
  ["an inline admin policy of a role", (id) => inline("role", `inline-role-${id}`)],
  ["an inline admin policy of a group", (id) => inline("group", `inline-group-${id}`)],
  ["an admin policy attached to a user", (id) => attached("user", `attached-user-${id}`)],
  ["an admin policy attached to a role", (id) => attached("role", `attached-role-${id}`)],
  ["an admin policy attached to a group", (id) => attached("group", `attached-group-${id}`)],
  ["a new admin version of a policy", (id) => newVersion(`version-${id}`)],
  ["a new admin policy", (id) => newPolicy(`new-${id}`)],
];

describe("each target kind under the remediator's role (IAM enforced)", () => {
  test.each(TARGETS)("%s is undone in live mode", async (_, arrange) => {
    const { violation, world, changes, after } = await arrange("live");
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation);

    expect(outcome).toMatchObject({
      status: "SUCCESS",
      action: violation.suggestedAction,
      reason: `${violation.suggestedAction} done`,
      changes,
    });
    expect(await iamState(admin, world)).toEqual(after(before));
  });

  test.each(TARGETS)("%s is left as it is in dry run", async (_, arrange) => {
    const { violation, world, changes } = await arrange("dry");
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation, { dryRun: true });

    expect(outcome).toMatchObject({
      status: "DRY_RUN",
      reason: `dry run: would ${changes.join("; ")}`,
      changes,
    });
    expect(await iamState(admin, world)).toEqual(before);
  });
});

describe("what the remediator never changes (IAM enforced)", () => {
  /** Each action, with a principal that the dev stack protects in its way. */
  const PROTECTED: [string, () => Promise<Pick<Arranged, "violation" | "world">>, string][] = [
    [
      "delete_inline_policy of a break-glass role",
      () => inline("role", "break-glass-inline"),
      'role break-glass-inline is protected by "arn:aws:iam::*:role/break-glass*"',
    ],
    [
      "detach_policy from an admin-* user",
      () => attached("user", "admin-detach"),
      'user admin-detach is protected by "admin-*"',
    ],
    [
      "restore_previous_default_version of a policy a break-glass role holds",
      async () => {
        const { violation, world } = await newVersion("protected-version");
        await createPrincipal(admin, "role", "break-glass-version");
        await attach(admin, "role", "break-glass-version", world.policyArns[0]);
        const principals = [{ type: "role" as const, name: "break-glass-version" }];
        return { violation, world: { ...world, principals } };
      },
      'role break-glass-version is protected by "arn:aws:iam::*:role/break-glass*"',
    ],
    [
      "quarantine_policy of a policy an admin-* group holds",
      async () => {
        const { policyArn, violation } = await newAdminPolicy(admin, "protected-new");
        await createPrincipal(admin, "group", "admin-team");
        await attach(admin, "group", "admin-team", policyArn);
        return {
          violation,
          world: { principals: [{ type: "group", name: "admin-team" }], policyArns: [policyArn] },
        };
      },
      'group admin-team is protected by "admin-*"',
    ],
  ];

  test.each(PROTECTED)("%s is skipped, IAM unchanged", async (_, arrange, reason) => {
    const { violation, world } = await arrange();
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation);

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason: `safety check: ${reason}`,
      changes: [],
    });
    expect(await iamState(admin, world)).toEqual(before);
  });

  test("the role itself may not delete a break-glass role's inline policy, even when the code lets it through", async () => {
    const { violation, world } = await inline("role", "break-glass-unchecked");
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation, { protectedPrincipals: [] });

    expect(outcome.status).toBe("FAILURE");
    expect(outcome.reason).toMatch(
      /^failed to delete inline policy inline-admin of role break-glass-unchecked: AccessDenied: /,
    );
    expect(await iamState(admin, world)).toEqual(before);
  });

  test.each([
    [
      "delete_inline_policy of its own role",
      async (): Promise<Violation> => {
        await admin.send(
          new PutRolePolicyCommand({
            RoleName: ownRole,
            PolicyName: "extra",
            PolicyDocument: DENY_A,
          }),
        );
        return remediationViolation({
          violationId: "own-inline",
          eventName: "PutRolePolicy",
          suggestedAction: "delete_inline_policy",
          target: {
            kind: "inline-policy",
            policyName: "extra",
            principalType: "role",
            principalName: ownRole,
          },
        });
      },
    ],
    [
      "restore_previous_default_version of a policy its own role holds",
      async (): Promise<Violation> => {
        const created = await admin.send(
          new CreatePolicyCommand({ PolicyName: "own-role-policy", PolicyDocument: DENY_A }),
        );
        const policyArn = created.Policy!.Arn!;
        await admin.send(
          new CreatePolicyVersionCommand({
            PolicyArn: policyArn,
            PolicyDocument: DENY_B,
            SetAsDefault: true,
          }),
        );
        await attach(admin, "role", ownRole, policyArn);
        return remediationViolation({
          violationId: "own-version",
          eventName: "CreatePolicyVersion",
          suggestedAction: "restore_previous_default_version",
          target: { kind: "managed-policy", policyArn, policyVersionId: "v2" },
        });
      },
    ],
  ])("%s is skipped, its role unchanged", async (_, arrange) => {
    const violation = await arrange();
    const world: IamWorld = {
      principals: [{ type: "role", name: ownRole }],
      policyArns: violation.target.policyArn ? [violation.target.policyArn] : [],
    };
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation);

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason: `safety check: role ${ownRole} is the remediator's own role`,
    });
    expect(await iamState(admin, world)).toEqual(before);
  });

  test.each([
    [
      "with no action (notify only)",
      undefined,
      "the violation suggests no action (notify only: the event does not carry the previous trust policy, and a guessed one could lock out the role's legitimate users)",
    ],
    [
      "even when a rule asks for an action",
      "delete_inline_policy" as const,
      "safety check: trust policies are not remediated automatically (notify only)",
    ],
  ])("a trust-policy violation %s is skipped, the role unchanged", async (_, action, reason) => {
    const name = `trust-${action ?? "none"}`;
    await createPrincipal(admin, "role", name);
    await admin.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: name,
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    const violation = remediationViolation({
      violationId: name,
      eventName: "UpdateAssumeRolePolicy",
      suggestedAction: action,
      suggestionReason: action
        ? "a matched rule asks for delete_inline_policy"
        : "notify only: the event does not carry the previous trust policy, and a guessed one could lock out the role's legitimate users",
      target: { kind: "trust-policy", principalType: "role", principalName: name },
    });
    const world: IamWorld = { principals: [{ type: "role", name }], policyArns: [] };
    const before = await iamState(admin, world);

    const outcome = await remediateAsHandler(violation);

    expect(outcome).toMatchObject({ status: "SKIPPED", reason, changes: [] });
    expect(await iamState(admin, world)).toEqual(before);
  });
});
