import {
  CreatePolicyVersionCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { awsTestConfig } from "../../../test/harness/moto";
import type { Violation } from "../../../contracts/violation";
import { remediateViolation, type RemediationSettings } from "./remediate";
import {
  ALLOW_ALL,
  attach,
  createPolicy,
  createPrincipal,
  violationEvent,
} from "../../../test/support/policy-remediator";

const iam = new IAMClient(awsTestConfig());
const NOW = new Date("2026-11-20T09:16:00.000Z");
const LIVE: RemediationSettings = {
  allowedActions: [
    "detach_policy",
    "delete_policy",
    "delete_inline_policy",
    "quarantine_policy",
    "restore_previous_default_version",
  ],
  dryRun: false,
  protectedPrincipals: ["arn:aws:iam::*:role/break-glass*", "admin-*"],
  detachAwsManagedPolicies: false,
};
const deps = (config: Partial<RemediationSettings> = {}, client: IAMClient = iam) => ({
  iam: client,
  config: { ...LIVE, ...config },
  ownRoleName: "opsguard-remediator-role",
  now: () => NOW,
});

function managedViolation(
  policyArn: string,
  principal: { type: "user" | "role" | "group"; name: string } | undefined,
  action: Violation["suggestedAction"],
): Violation {
  return violationEvent((v) => ({
    ...v,
    violationId: `v-${policyArn.split("/").pop()}-${action}`,
    suggestedAction: action,
    target: {
      kind: "managed-policy",
      policyArn,
      principalType: principal?.type,
      principalName: principal?.name,
    },
  })).detail;
}

async function attachedTo(type: "user" | "role" | "group", name: string): Promise<string[]> {
  const command = {
    user: () => iam.send(new ListAttachedUserPoliciesCommand({ UserName: name })),
    role: () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })),
    group: () => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name })),
  }[type];
  return ((await command()).AttachedPolicies ?? []).map((p) => p.PolicyArn!);
}

describe("remediateViolation against IAM (moto)", () => {
  test.each(["user", "role", "group"] as const)(
    "detach_policy detaches from a %s",
    async (type) => {
      await createPrincipal(iam, type, `detach-${type}`);
      const policyArn = await createPolicy(iam, `detach-${type}-policy`);
      await attach(iam, type, `detach-${type}`, policyArn);

      const outcome = await remediateViolation(
        managedViolation(policyArn, { type, name: `detach-${type}` }, "detach_policy"),
        deps(),
      );

      expect(outcome).toMatchObject({ status: "SUCCESS", action: "detach_policy", dryRun: false });
      expect(outcome.changes).toEqual([`detach ${policyArn} from ${type} detach-${type}`]);
      expect(outcome.finishedAt).toBe("2026-11-20T09:16:00.000Z");
      expect(await attachedTo(type, `detach-${type}`)).toEqual([]);
    },
  );

  test("delete_policy detaches everywhere, deletes non-default versions, then the policy", async () => {
    await createPrincipal(iam, "user", "del-user");
    await createPrincipal(iam, "role", "del-role");
    const policyArn = await createPolicy(iam, "del-policy");
    for (const _ of [1, 2]) {
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: ALLOW_ALL }),
      );
    }
    await attach(iam, "user", "del-user", policyArn);
    await attach(iam, "role", "del-role", policyArn);

    const outcome = await remediateViolation(
      managedViolation(policyArn, undefined, "delete_policy"),
      deps(),
    );

    expect(outcome.status).toBe("SUCCESS");
    expect(outcome.changes).toEqual([
      `detach ${policyArn} from user del-user`,
      `detach ${policyArn} from role del-role`,
      `delete version v2 of ${policyArn}`,
      `delete version v3 of ${policyArn}`,
      `delete policy ${policyArn}`,
    ]);
    await expect(iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
    });
    expect(await attachedTo("user", "del-user")).toEqual([]);
  });

  test("delete_inline_policy deletes the user's inline policy", async () => {
    await createPrincipal(iam, "user", "inline-user");
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "inline-user",
        PolicyName: "inline",
        PolicyDocument: ALLOW_ALL,
      }),
    );
    const violation = violationEvent((v) => ({
      ...v,
      suggestedAction: "delete_inline_policy",
      target: {
        kind: "inline-policy",
        policyName: "inline",
        principalType: "user",
        principalName: "inline-user",
      },
    })).detail;

    const outcome = await remediateViolation(violation, deps());

    expect(outcome.status).toBe("SUCCESS");
    expect(outcome.changes).toEqual(["delete inline policy inline of user inline-user"]);
    await expect(
      iam.send(new GetUserPolicyCommand({ UserName: "inline-user", PolicyName: "inline" })),
    ).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });

  test("quarantine_policy detaches it everywhere, tags it and keeps every version", async () => {
    await createPrincipal(iam, "role", "q-role");
    const policyArn = await createPolicy(iam, "q-policy");
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: ALLOW_ALL }),
    );
    await attach(iam, "role", "q-role", policyArn);

    const first = await remediateViolation(
      managedViolation(policyArn, undefined, "quarantine_policy"),
      deps(),
    );
    const again = await remediateViolation(
      managedViolation(policyArn, undefined, "quarantine_policy"),
      deps(),
    );

    expect(first.changes).toEqual([
      `detach ${policyArn} from role q-role`,
      `tag ${policyArn} opsguard:quarantined`,
    ]);
    expect(again).toMatchObject({
      status: "SUCCESS",
      reason: "already remediated: nothing to change",
    });
    expect(await attachedTo("role", "q-role")).toEqual([]);
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!;
    expect(policy.Tags).toEqual(
      expect.arrayContaining([
        { Key: "opsguard:quarantined", Value: "2026-11-20T09:16:00.000Z" },
        { Key: "opsguard:violation-id", Value: "v-q-policy-quarantine_policy" },
        { Key: "opsguard:detached-from", Value: "role/q-role" },
      ]),
    );
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
    expect(versions.Versions!.map((v) => v.VersionId).sort()).toEqual(["v1", "v2"]);
  });

  test("dry run (the default) reports the plan and changes nothing", async () => {
    await createPrincipal(iam, "role", "dry-role");
    const policyArn = await createPolicy(iam, "dry-policy");
    await attach(iam, "role", "dry-role", policyArn);

    const outcome = await remediateViolation(
      managedViolation(policyArn, undefined, "delete_policy"),
      deps({ dryRun: true }),
    );

    expect(outcome).toMatchObject({ status: "DRY_RUN", dryRun: true });
    expect(outcome.changes).toEqual([
      `detach ${policyArn} from role dry-role`,
      `delete policy ${policyArn}`,
    ]);
    expect(await attachedTo("role", "dry-role")).toEqual([policyArn]);
  });

  test("an action outside allowedActions is skipped and nothing changes", async () => {
    await createPrincipal(iam, "role", "allow-role");
    const policyArn = await createPolicy(iam, "allow-policy");
    await attach(iam, "role", "allow-role", policyArn);

    const outcome = await remediateViolation(
      managedViolation(policyArn, { type: "role", name: "allow-role" }, "detach_policy"),
      deps({ allowedActions: ["delete_inline_policy"] }),
    );

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason: "detach_policy is not in allowedActions (remediator.yaml)",
    });
    expect(await attachedTo("role", "allow-role")).toEqual([policyArn]);
  });

  test.each([
    [
      "its own role",
      "role",
      "opsguard-remediator-role",
      "/",
      "role opsguard-remediator-role is the remediator's own role",
    ],
    [
      "a service-linked role",
      "role",
      "AWSServiceRoleForX",
      "/aws-service-role/x.amazonaws.com/",
      "role AWSServiceRoleForX is a service-linked role (aws-service-role/)",
    ],
    [
      "a break-glass role (ARN glob)",
      "role",
      "break-glass-ops",
      "/",
      'role break-glass-ops is protected by "arn:aws:iam::*:role/break-glass*"',
    ],
    [
      "an admin user (name glob)",
      "user",
      "admin-carol",
      "/",
      'user admin-carol is protected by "admin-*"',
    ],
  ] as const)("refuses to touch %s", async (_, type, name, path, reason) => {
    await createPrincipal(iam, type, name, path);
    const policyArn = await createPolicy(iam, `protected-${name}`);
    await attach(iam, type, name, policyArn);

    const byDetach = await remediateViolation(
      managedViolation(policyArn, { type, name }, "detach_policy"),
      deps(),
    );
    const byDelete = await remediateViolation(
      managedViolation(policyArn, undefined, "delete_policy"),
      deps(),
    );

    expect(byDetach).toMatchObject({ status: "SKIPPED", reason: `safety check: ${reason}` });
    expect(byDelete).toMatchObject({ status: "SKIPPED", reason: `safety check: ${reason}` });
    expect(await attachedTo(type, name)).toEqual([policyArn]);
  });

  test.each([
    // Deleting or quarantining an AWS managed policy is refused even when detaching is allowed.
    [
      "delete_policy",
      { detachAwsManagedPolicies: true },
      "arn:aws:iam::aws:policy/AdministratorAccess is an AWS managed policy",
    ],
    [
      "quarantine_policy",
      { detachAwsManagedPolicies: true },
      "arn:aws:iam::aws:policy/AdministratorAccess is an AWS managed policy",
    ],
    [
      "restore_previous_default_version",
      { detachAwsManagedPolicies: true },
      "arn:aws:iam::aws:policy/AdministratorAccess is an AWS managed policy",
    ],
    [
      "detach_policy",
      {},
      "arn:aws:iam::aws:policy/AdministratorAccess is an AWS managed policy (detachAwsManagedPolicies is off in remediator.yaml)",
    ],
  ] as const)("refuses %s of an AWS managed policy", async (action, config, reason) => {
    const violation = managedViolation(
      "arn:aws:iam::aws:policy/AdministratorAccess",
      { type: "user", name: "someone" },
      action,
    );
    const outcome = await remediateViolation(violation, deps(config));
    expect(outcome).toMatchObject({ status: "SKIPPED", reason: `safety check: ${reason}` });
  });

  test("detaches an AWS managed policy only when detachAwsManagedPolicies is on", async () => {
    // moto's server starts without the AWS managed policies: IAM answers for this one are stubbed.
    await createPrincipal(iam, "user", "aws-managed-user");
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const sent: unknown[] = [];
    const stubbedIam = {
      send: (command: unknown) => {
        if (command instanceof ListEntitiesForPolicyCommand) {
          return Promise.resolve({
            PolicyUsers: [{ UserName: "aws-managed-user" }],
            IsTruncated: false,
          });
        }
        if (command instanceof DetachUserPolicyCommand) {
          sent.push(command.input);
          return Promise.resolve({});
        }
        return iam.send(command as never);
      },
    } as unknown as IAMClient;

    const outcome = await remediateViolation(
      managedViolation(admin, { type: "user", name: "aws-managed-user" }, "detach_policy"),
      deps({ detachAwsManagedPolicies: true }, stubbedIam),
    );

    expect(outcome).toMatchObject({
      status: "SUCCESS",
      changes: [`detach ${admin} from user aws-managed-user`],
    });
    expect(sent).toEqual([{ UserName: "aws-managed-user", PolicyArn: admin }]);
  });

  test.each([
    [
      "a change made by root",
      (v: Violation): Violation => ({ ...v, actor: { type: "Root" } }),
      "safety check: the change was made by the root user",
    ],
    [
      "the root user as target",
      (v: Violation): Violation => ({
        ...v,
        target: { ...v.target, principalArn: "arn:aws:iam::123456789012:root" },
      }),
      "safety check: the root user is never remediated",
    ],
    [
      "a trust policy",
      (v: Violation): Violation => ({
        ...v,
        target: { kind: "trust-policy", principalType: "role", principalName: "app-role" },
      }),
      "safety check: trust policies are not remediated automatically (notify only)",
    ],
    [
      "no suggested action",
      (v: Violation): Violation => ({
        ...v,
        suggestedAction: undefined,
        suggestionReason: "notify only: no action is known to undo TagPolicy of a managed policy",
      }),
      "the violation suggests no action (notify only: no action is known to undo TagPolicy of a managed policy)",
    ],
  ])("skips %s", async (_, change, reason) => {
    const outcome = await remediateViolation(violationEvent(change).detail, deps());
    expect(outcome).toMatchObject({ status: "SKIPPED", reason, changes: [] });
  });

  test("an IAM error while changing yields FAILURE with the changes made so far", async () => {
    await createPrincipal(iam, "user", "fail-user");
    await createPrincipal(iam, "role", "fail-role");
    const policyArn = await createPolicy(iam, "fail-policy");
    await attach(iam, "user", "fail-user", policyArn);
    await attach(iam, "role", "fail-role", policyArn);
    const failingIam = {
      send: (command: unknown) =>
        command instanceof DetachRolePolicyCommand
          ? Promise.reject(
              Object.assign(new Error("IAM is unavailable"), { name: "ServiceFailure" }),
            )
          : iam.send(command as never),
    } as unknown as IAMClient;

    const outcome = await remediateViolation(
      managedViolation(policyArn, undefined, "delete_policy"),
      deps({}, failingIam),
    );

    expect(outcome).toMatchObject({
      status: "FAILURE",
      reason: `failed to detach ${policyArn} from role fail-role: ServiceFailure: IAM is unavailable`,
      changes: [`detach ${policyArn} from user fail-user`],
    });
    expect(await attachedTo("role", "fail-role")).toEqual([policyArn]);
  });
});
