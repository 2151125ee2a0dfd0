import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  IAMClient,
  SetDefaultPolicyVersionCommand,
  type PolicyVersion,
} from "@aws-sdk/client-iam";
import { awsTestConfig } from "../../../test/harness/moto";
import { iamState } from "../../../test/support/iam-state";
import {
  ALLOW_ALL,
  READ_REPORTS,
  adminPolicyVersion,
  attach,
  createPolicy,
  createPrincipal,
  remediationViolation,
} from "../../../test/support/policy-remediator";
import type { Violation } from "../../../contracts/violation";
import { newestFirst } from "./iam-lookups";
import { remediateViolation, type RemediationSettings } from "./remediate";

const iam = new IAMClient(awsTestConfig());
const LIVE: RemediationSettings = {
  allowedActions: ["restore_previous_default_version"],
  dryRun: false,
  protectedPrincipals: ["arn:aws:iam::*:role/break-glass*"],
  detachAwsManagedPolicies: false,
};
const deps = (config: Partial<RemediationSettings> = {}) => ({
  iam,
  config: { ...LIVE, ...config },
  ownRoleName: "opsguard-remediator-role",
  now: () => new Date("2026-11-20T09:16:00.000Z"),
});

function restoreViolation(policyArn: string, badVersionId: string, eventName: string): Violation {
  return remediationViolation({
    violationId: `restore-${policyArn.split("/").pop()}-${badVersionId}`,
    eventName,
    suggestedAction: "restore_previous_default_version",
    target: { kind: "managed-policy", policyArn, policyVersionId: badVersionId },
  });
}

async function newVersion(policyArn: string, document: string, setAsDefault: boolean) {
  const created = await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: policyArn,
      PolicyDocument: document,
      SetAsDefault: setAsDefault,
    }),
  );
  return created.PolicyVersion!.VersionId!;
}

/** The policy's versions as `{ versionId: document }` and its default version. */
async function versionsOf(policyArn: string) {
  const state = await iamState(iam, { principals: [], policyArns: [policyArn] });
  const policy = state.policies[policyArn] as {
    defaultVersionId: string;
    versions: Record<string, string>;
  };
  return { defaultVersionId: policy.defaultVersionId, versions: policy.versions };
}

describe("restore_previous_default_version (moto)", () => {
  test("after CreatePolicyVersion --set-as-default, the old default is the default again and the new version is gone", async () => {
    const { policyArn, violation } = await adminPolicyVersion(iam, "restore-created");

    const outcome = await remediateViolation(violation, deps());

    expect(outcome).toMatchObject({
      status: "SUCCESS",
      reason: "restore_previous_default_version done",
    });
    expect(outcome.changes).toEqual([
      `make version v1 the default of ${policyArn} in place of v2`,
      `delete version v2 of ${policyArn}`,
    ]);
    expect(await versionsOf(policyArn)).toEqual({
      defaultVersionId: "v1",
      versions: { v1: READ_REPORTS },
    });
  });

  test("after SetDefaultPolicyVersion back to an old admin version, the replaced default is restored", async () => {
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: "restore-set-default", PolicyDocument: ALLOW_ALL }),
    );
    const policyArn = created.Policy!.Arn!;
    await newVersion(policyArn, READ_REPORTS, true);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: "v1" }));

    const outcome = await remediateViolation(
      restoreViolation(policyArn, "v1", "SetDefaultPolicyVersion"),
      deps(),
    );

    expect(outcome.changes).toEqual([
      `make version v2 the default of ${policyArn} in place of v1`,
      `delete version v1 of ${policyArn}`,
    ]);
    expect(await versionsOf(policyArn)).toEqual({
      defaultVersionId: "v2",
      versions: { v2: READ_REPORTS },
    });
  });

  test("a bad version that is not the default is only deleted", async () => {
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: "restore-not-default", PolicyDocument: READ_REPORTS }),
    );
    const policyArn = created.Policy!.Arn!;
    const bad = await newVersion(policyArn, ALLOW_ALL, false);

    const outcome = await remediateViolation(
      restoreViolation(policyArn, bad, "CreatePolicyVersion"),
      deps(),
    );

    expect(outcome.changes).toEqual([`delete version v2 of ${policyArn}`]);
    expect(await versionsOf(policyArn)).toEqual({
      defaultVersionId: "v1",
      versions: { v1: READ_REPORTS },
    });
  });

  test("the heuristic's limit: a newer version that never was the default becomes the default", async () => {
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: "restore-draft", PolicyDocument: READ_REPORTS }),
    );
    const policyArn = created.Policy!.Arn!;
    const draft = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports" }],
    });
    await newVersion(policyArn, draft, false);
    await newVersion(policyArn, ALLOW_ALL, true);

    const outcome = await remediateViolation(
      restoreViolation(policyArn, "v3", "CreatePolicyVersion"),
      deps(),
    );

    // v1 was the default before v3; IAM keeps no record of it, so v2, the newest, stands for it.
    expect(outcome.changes).toEqual([
      `make version v2 the default of ${policyArn} in place of v3`,
      `delete version v3 of ${policyArn}`,
    ]);
    expect(await versionsOf(policyArn)).toEqual({
      defaultVersionId: "v2",
      versions: { v1: READ_REPORTS, v2: draft },
    });
  });

  test.each([
    ["the bad version is gone already", false],
    ["the policy is gone", true],
  ])("nothing to change when %s", async (_, deletePolicy) => {
    const { policyArn } = await adminPolicyVersion(iam, `restore-gone-${deletePolicy}`);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: "v1" }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: "v2" }));
    if (deletePolicy) await iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));

    const outcome = await remediateViolation(
      restoreViolation(policyArn, "v2", "CreatePolicyVersion"),
      deps(),
    );

    expect(outcome).toMatchObject({
      status: "SUCCESS",
      reason: "already remediated: nothing to change",
      changes: [],
    });
  });

  test("a second delivery finds nothing to change", async () => {
    const { violation } = await adminPolicyVersion(iam, "restore-twice");

    await remediateViolation(violation, deps());
    const again = await remediateViolation(violation, deps());

    expect(again).toMatchObject({
      status: "SUCCESS",
      reason: "already remediated: nothing to change",
      changes: [],
    });
  });

  test("the only version of a policy is refused, and the policy is unchanged", async () => {
    const policyArn = await createPolicy(iam, "restore-only-version");
    const before = await versionsOf(policyArn);

    const outcome = await remediateViolation(
      restoreViolation(policyArn, "v1", "CreatePolicyVersion"),
      deps(),
    );

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason: `safety check: v1 is the only version of ${policyArn}: there is no earlier version to restore`,
      changes: [],
    });
    expect(await versionsOf(policyArn)).toEqual(before);
  });

  test("dry run reports the plan and changes nothing", async () => {
    const { policyArn, violation } = await adminPolicyVersion(iam, "restore-dry");
    const world = { principals: [], policyArns: [policyArn] };
    const before = await iamState(iam, world);

    const outcome = await remediateViolation(violation, deps({ dryRun: true }));

    expect(outcome).toMatchObject({
      status: "DRY_RUN",
      dryRun: true,
      reason: `dry run: would make version v1 the default of ${policyArn} in place of v2; delete version v2 of ${policyArn}`,
    });
    expect(await iamState(iam, world)).toEqual(before);
  });

  test("a policy attached to a protected principal is left as it is", async () => {
    const { policyArn, violation } = await adminPolicyVersion(iam, "restore-protected");
    await createPrincipal(iam, "role", "break-glass-restore");
    await attach(iam, "role", "break-glass-restore", policyArn);
    const world = {
      principals: [{ type: "role", name: "break-glass-restore" }] as const,
      policyArns: [policyArn],
    };
    const before = await iamState(iam, world);

    const outcome = await remediateViolation(violation, deps());

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason:
        'safety check: role break-glass-restore is protected by "arn:aws:iam::*:role/break-glass*"',
    });
    expect(await iamState(iam, world)).toEqual(before);
  });

  test("a violation without the version is refused", async () => {
    const { policyArn } = await adminPolicyVersion(iam, "restore-no-version");
    const violation = remediationViolation({
      violationId: "restore-no-version",
      eventName: "CreatePolicyVersion",
      suggestedAction: "restore_previous_default_version",
      target: { kind: "managed-policy", policyArn },
    });

    const outcome = await remediateViolation(violation, deps());

    expect(outcome).toMatchObject({
      status: "SKIPPED",
      reason: "safety check: target.policyVersionId is missing",
    });
  });
});

describe("newestFirst", () => {
  const at = (iso: string, VersionId: string): PolicyVersion => ({
    VersionId,
    CreateDate: new Date(iso),
  });

  test.each([
    [
      "by CreateDate, whatever the numbers",
      [at("2026-11-20T09:00:00Z", "v7"), at("2026-11-20T10:00:00Z", "v2")],
      ["v2", "v7"],
    ],
    [
      "by number within the same instant",
      [at("2026-11-20T09:00:00Z", "v2"), at("2026-11-20T09:00:00Z", "v10")],
      ["v10", "v2"],
    ],
  ])("orders %s", (_, versions, expected) => {
    expect([...versions].sort(newestFirst).map((v) => v.VersionId)).toEqual(expected);
  });
});
