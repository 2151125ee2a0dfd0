import { DETECTED_EVENT_NAMES } from "../../../contracts/policy-monitor";
import type { RemediationAction, ViolationTarget } from "../../../contracts/violation";
import { suggestRemediation } from "./suggest";

const POLICY = "arn:aws:iam::123456789012:policy/too-broad";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const role = {
  principalType: "role",
  principalName: "app-role",
  principalArn: "arn:aws:iam::123456789012:role/app-role",
} as const;

const TRUST_UNKNOWN =
  "notify only: the event does not carry the previous trust policy, and a guessed one could lock out the role's legitimate users";
const RESTORE = (event: string, version: string) =>
  `${event} added or chose version ${version} of ${POLICY}: if it is the default, the version before it becomes the default again, and ${version} is deleted so that it cannot be made the default later`;
const QUARANTINE = `${POLICY} is detached from every user, role and group and tagged, its versions kept for review`;

const principal = (type: "user" | "role" | "group") =>
  ({
    principalType: type,
    principalName: "p",
    principalArn: `arn:aws:iam::123456789012:${type}/p`,
  }) as const;

/** The target the detector builds for each event it judges (extract.ts), and what it suggests. */
const BY_EVENT: [string, ViolationTarget, RemediationAction | undefined, string][] = [
  [
    "CreatePolicy",
    { kind: "managed-policy", policyArn: POLICY, policyName: "too-broad", policyVersionId: "v1" },
    "quarantine_policy",
    QUARANTINE,
  ],
  [
    "CreatePolicyVersion",
    { kind: "managed-policy", policyArn: POLICY, policyVersionId: "v3" },
    "restore_previous_default_version",
    RESTORE("CreatePolicyVersion", "v3"),
  ],
  [
    "SetDefaultPolicyVersion",
    { kind: "managed-policy", policyArn: POLICY, policyVersionId: "v1" },
    "restore_previous_default_version",
    RESTORE("SetDefaultPolicyVersion", "v1"),
  ],
  ...(["User", "Role", "Group"] as const).flatMap(
    (type): [string, ViolationTarget, RemediationAction, string][] => {
      const lower = type.toLowerCase() as "user" | "role" | "group";
      return [
        [
          `Put${type}Policy`,
          { kind: "inline-policy", policyName: "inline", ...principal(lower) },
          "delete_inline_policy",
          `Put${type}Policy embedded inline in ${lower} p: deleting it removes exactly what was added`,
        ],
        [
          `Attach${type}Policy`,
          { kind: "managed-policy", policyArn: POLICY, policyVersionId: "v2", ...principal(lower) },
          "detach_policy",
          `Attach${type}Policy attached the policy: detaching it from ${lower} p undoes that`,
        ],
      ];
    },
  ),
  ["UpdateAssumeRolePolicy", { kind: "trust-policy", ...role }, undefined, TRUST_UNKNOWN],
  [
    "CreateRole",
    { kind: "trust-policy", ...role },
    undefined,
    "notify only: the role is new: deleting it or rewriting its trust policy could break whatever was built to assume it",
  ],
];

describe("suggestRemediation by target kind", () => {
  test("covers every event the detector judges", () => {
    expect(BY_EVENT.map(([event]) => event).sort()).toEqual([...DETECTED_EVENT_NAMES].sort());
  });

  test.each(
    BY_EVENT.map(([event, target, action, reason]) => ({
      event,
      target,
      action,
      reason,
      suggests: action ?? "notify only",
    })),
  )("$event of its target suggests $suggests", ({ event, target, action, reason }) => {
    expect(suggestRemediation(target, event, [])).toEqual(action ? { action, reason } : { reason });
  });

  test.each<[string, ViolationTarget, string, string]>([
    [
      "a version event without a version id",
      { kind: "managed-policy", policyArn: POLICY },
      "CreatePolicyVersion",
      "notify only: restore_previous_default_version cannot apply: the target names no policy version",
    ],
    [
      "an inline policy without its principal",
      { kind: "inline-policy", policyName: "inline" },
      "PutRolePolicy",
      "notify only: delete_inline_policy cannot apply: the target names no principal and policy name",
    ],
    [
      "a managed-policy event it does not know",
      { kind: "managed-policy", policyArn: POLICY },
      "TagPolicy",
      "notify only: no action is known to undo TagPolicy of a managed policy",
    ],
  ])("%s is notify only", (_, target, event, reason) => {
    expect(suggestRemediation(target, event, [])).toEqual({ reason });
  });

  test("an AWS managed policy attached to a principal is detached, nothing more", () => {
    expect(
      suggestRemediation(
        { kind: "managed-policy", policyArn: ADMIN, ...role },
        "AttachRolePolicy",
        ["quarantine_policy"],
      ),
    ).toEqual({
      action: "detach_policy",
      reason:
        "AttachRolePolicy attached the policy: detaching it from role app-role undoes that " +
        `(a matched rule's quarantine_policy cannot apply: ${ADMIN} is an AWS managed policy, which is never changed)`,
    });
  });
});

describe("suggestRemediation with the matched rules' own suggestions", () => {
  const attached: ViolationTarget = { kind: "managed-policy", policyArn: POLICY, ...role };
  const version: ViolationTarget = {
    kind: "managed-policy",
    policyArn: POLICY,
    policyVersionId: "v2",
  };
  const inline: ViolationTarget = { kind: "inline-policy", policyName: "inline", ...role };
  const trust: ViolationTarget = { kind: "trust-policy", ...role };

  test.each<[string, ViolationTarget, string, (RemediationAction | undefined)[], object]>([
    [
      "quarantine instead of detach, for an attached policy",
      attached,
      "AttachRolePolicy",
      ["quarantine_policy"],
      {
        action: "quarantine_policy",
        reason: `a matched rule asks for quarantine_policy: ${QUARANTINE}`,
      },
    ],
    [
      "delete_policy instead of a rollback",
      version,
      "CreatePolicyVersion",
      [undefined, "delete_policy"],
      {
        action: "delete_policy",
        reason: `a matched rule asks for delete_policy: ${POLICY} is detached from everyone and deleted with all its versions`,
      },
    ],
    [
      "the first rule that can apply, in the rules' order",
      version,
      "SetDefaultPolicyVersion",
      ["detach_policy", "quarantine_policy", "delete_policy"],
      {
        action: "quarantine_policy",
        reason: `a matched rule asks for quarantine_policy: ${QUARANTINE}`,
      },
    ],
  ])("applies: %s", (_, target, event, rules, expected) => {
    expect(suggestRemediation(target, event, rules)).toEqual(expected);
  });

  test.each<[string, ViolationTarget, string, RemediationAction, object]>([
    [
      "detach for a policy attached to nobody",
      version,
      "CreatePolicyVersion",
      "detach_policy",
      {
        action: "restore_previous_default_version",
        reason: `${RESTORE("CreatePolicyVersion", "v2")} (a matched rule's detach_policy cannot apply: the target names no principal to detach it from)`,
      },
    ],
    [
      "a rollback of an event that set no version",
      attached,
      "AttachRolePolicy",
      "restore_previous_default_version",
      {
        action: "detach_policy",
        reason:
          "AttachRolePolicy attached the policy: detaching it from role app-role undoes that " +
          "(a matched rule's restore_previous_default_version cannot apply: AttachRolePolicy did not change the policy's default version)",
      },
    ],
    [
      "delete_inline_policy for a managed policy",
      attached,
      "AttachRolePolicy",
      "delete_inline_policy",
      {
        action: "detach_policy",
        reason:
          "AttachRolePolicy attached the policy: detaching it from role app-role undoes that " +
          "(a matched rule's delete_inline_policy cannot apply: the target is of kind managed-policy)",
      },
    ],
    [
      "a managed-policy action for an inline policy",
      inline,
      "PutRolePolicy",
      "quarantine_policy",
      {
        action: "delete_inline_policy",
        reason:
          "PutRolePolicy embedded inline in role app-role: deleting it removes exactly what was added " +
          "(a matched rule's quarantine_policy cannot apply: the target is of kind inline-policy)",
      },
    ],
    [
      "any action for a trust policy",
      trust,
      "UpdateAssumeRolePolicy",
      "detach_policy",
      {
        reason: `${TRUST_UNKNOWN} (a matched rule's detach_policy cannot apply: the target is of kind trust-policy)`,
      },
    ],
  ])("does not apply: %s", (_, target, event, rule, expected) => {
    expect(suggestRemediation(target, event, [rule])).toEqual(expected);
  });
});
