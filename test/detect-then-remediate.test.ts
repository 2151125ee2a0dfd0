import {
  CreateRoleCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRules } from "../contracts/policy-monitor-config/parse";
import { REMEDIATION_ACTIONS, type Violation } from "../contracts/violation";
import { detect } from "../handlers/policy-monitor/detector/detector";
import { iamPolicySource } from "../handlers/policy-monitor/detector/iam-policies";
import { discardMetrics } from "../handlers/policy-monitor/detector/metrics";
import { ownRoleNameLoader } from "../handlers/policy-monitor/remediator/own-role";
import { remediateViolation } from "../handlers/policy-monitor/remediator/remediate";
import { defaultCatalogue } from "../policy-pack/lib/iam/catalogue/catalogue";
import { planComponent } from "./harness/component-plan";
import { assumeComponentRole } from "./harness/iam-role";
import {
  ALLOW_ALL,
  adminPolicyVersion,
  attachedAdminPolicy,
  createPrincipal,
  inlineAdminPolicy,
  newAdminPolicy,
} from "./support/policy-remediator";

// The whole loop on one moto account, for each kind of target: an IAM change, the CloudTrail event
// it makes, the detector's one violation, the remediator (live, under its dev-stack role with IAM
// enforced) undoing it, or leaving a trust policy alone.
const ROOT = join(__dirname, "..");
const rules = parseRules(readFileSync(join(ROOT, "rules", "rules.yaml"), "utf8"));
const FUNCTION = "policy-monitor-responders-remediator";

let admin: IAMClient;
let remediator: { iam: IAMClient; sts: STSClient };

beforeAll(async () => {
  const plan = await planComponent("policyMonitor");
  const role = await assumeComponentRole(
    plan.roleName(FUNCTION),
    plan.statements(FUNCTION),
    plan.region,
  );
  admin = new IAMClient(role.adminConfig);
  remediator = { iam: new IAMClient(role.roleConfig), sts: new STSClient(role.roleConfig) };
});

/** The CloudTrail event of a call, from the fixture of its name with these parameters. */
function cloudTrailEvent(
  name: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
) {
  const event = JSON.parse(
    readFileSync(
      join(ROOT, "test", "fixtures", "events", "cloudtrail-iam", `${name}.json`),
      "utf8",
    ),
  );
  event.detail.eventID = `loop-${name}-${Date.now()}`;
  event.detail.requestParameters = requestParameters;
  event.detail.responseElements = responseElements;
  return event;
}

async function violationOf(event: unknown): Promise<Violation> {
  const result = await detect(event, {
    loadConfig: async () => ({ rules, suppressions: [] }),
    policies: iamPolicySource(admin),
    catalogue: defaultCatalogue(),
    now: () => new Date("2026-11-30T10:00:00.000Z"),
    log: { info: () => undefined, warn: () => undefined },
    metrics: discardMetrics,
  });
  expect(result.violations).toHaveLength(1);
  return result.violations[0];
}

const remediateLive = async (violation: Violation) =>
  remediateViolation(violation, {
    iam: remediator.iam,
    config: {
      allowedActions: REMEDIATION_ACTIONS,
      dryRun: false,
      protectedPrincipals: [],
      detachAwsManagedPolicies: false,
    },
    ownRoleName: await ownRoleNameLoader(remediator.sts)(),
    now: () => new Date("2026-11-30T10:00:05.000Z"),
  });

test("an inline admin policy: one CRITICAL violation, delete_inline_policy, and it is gone", async () => {
  // The change itself (the helper's hand-built violation is not used: the detector makes one).
  await createPrincipal(admin, "user", "loop-dev");
  await inlineAdminPolicy(admin, "user", "loop-dev", "everything");
  const violation = await violationOf(
    cloudTrailEvent("put-user-policy", {
      userName: "loop-dev",
      policyName: "everything",
      policyDocument: ALLOW_ALL,
    }),
  );
  expect([violation.severity, violation.rules[0].ruleId, violation.suggestedAction]).toEqual([
    "CRITICAL",
    "full-admin",
    "delete_inline_policy",
  ]);

  const outcome = await remediateLive(violation);

  expect([outcome.status, outcome.changes]).toEqual([
    "SUCCESS",
    ["delete inline policy everything of user loop-dev"],
  ]);
  const left = await admin.send(new ListUserPoliciesCommand({ UserName: "loop-dev" }));
  expect(left.PolicyNames).toEqual([]);
});

test("a new admin default version: restore_previous_default_version puts v1 back and deletes v2", async () => {
  const { policyArn } = await adminPolicyVersion(admin, "loop-reports");
  const violation = await violationOf(
    cloudTrailEvent(
      "create-policy-version",
      { policyArn, policyDocument: ALLOW_ALL, setAsDefault: true },
      { policyVersion: { versionId: "v2", isDefaultVersion: true } },
    ),
  );
  expect([violation.target, violation.suggestedAction]).toEqual([
    { kind: "managed-policy", policyArn, policyVersionId: "v2" },
    "restore_previous_default_version",
  ]);

  const outcome = await remediateLive(violation);

  expect(outcome.status).toBe("SUCCESS");
  const policy = await admin.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  const versions = await admin.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
  expect([
    policy.Policy!.DefaultVersionId,
    versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]),
  ]).toEqual(["v1", [["v1", true]]]);
});

test("an admin policy attached to a user: detach_policy, and the user has none left", async () => {
  await createPrincipal(admin, "user", "loop-attached");
  const { policyArn } = await attachedAdminPolicy(admin, "user", "loop-attached");
  const violation = await violationOf(
    cloudTrailEvent("attach-user-policy", { userName: "loop-attached", policyArn }),
  );
  expect(violation.suggestedAction).toBe("detach_policy");

  const outcome = await remediateLive(violation);

  expect([outcome.status, outcome.changes]).toEqual([
    "SUCCESS",
    [`detach ${policyArn} from user loop-attached`],
  ]);
  const left = await admin.send(new ListAttachedUserPoliciesCommand({ UserName: "loop-attached" }));
  expect(left.AttachedPolicies).toEqual([]);
});

test("a new admin policy: quarantine_policy tags it, its document kept", async () => {
  const { policyArn } = await newAdminPolicy(admin, "loop-new-admin");
  const violation = await violationOf(
    cloudTrailEvent(
      "create-policy",
      { policyName: "loop-new-admin", path: "/", policyDocument: ALLOW_ALL },
      { policy: { policyName: "loop-new-admin", arn: policyArn, defaultVersionId: "v1" } },
    ),
  );
  expect(violation.suggestedAction).toBe("quarantine_policy");

  const outcome = await remediateLive(violation);

  expect(outcome.status).toBe("SUCCESS");
  const tags = await admin.send(new ListPolicyTagsCommand({ PolicyArn: policyArn }));
  expect(tags.Tags!.map((tag) => tag.Key).sort()).toEqual([
    "opsguard:detached-from",
    "opsguard:quarantined",
    "opsguard:violation-id",
  ]);
  const policy = await admin.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  expect(policy.Policy!.DefaultVersionId).toBe("v1");
});

test("a role any account may assume: notify only, the role untouched", async () => {
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
  });
  await admin.send(
    new CreateRoleCommand({ RoleName: "loop-open", AssumeRolePolicyDocument: trust }),
  );
  const violation = await violationOf(
    cloudTrailEvent("create-role", { roleName: "loop-open", assumeRolePolicyDocument: trust }),
  );
  expect([violation.target.kind, violation.suggestedAction]).toEqual(["trust-policy", undefined]);

  const outcome = await remediateLive(violation);

  expect([outcome.status, outcome.changes]).toEqual(["SKIPPED", []]);
  expect(outcome.reason).toBe(`the violation suggests no action (${violation.suggestionReason})`);
  expect(violation.suggestionReason).toMatch(/^notify only: /);
  const role = await admin.send(new GetRoleCommand({ RoleName: "loop-open" }));
  expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))).toEqual(
    JSON.parse(trust),
  );
});
