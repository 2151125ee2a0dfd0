import { join } from "node:path";
import { organizationConfigSchema } from "../../config/organization";
import { loadStackConfig } from "../../config/stack";
import { DEFAULT_MEMBER_ROLE_NAMES } from "../../contracts/organization";
import { evaluatePolicies } from "../../tools/mock-runtime/evaluate-policies";
import type { PlannedResource } from "../../tools/mock-runtime/run-program";
import { readStackConfig } from "../../tools/mock-runtime/stack-config";
import { cfnLint, instanceResources } from "../../test/support/organization";
import { hubBusPolicyStatements } from "./hub-bus";
import type { PlainStatement } from "./member-pieces";
import { memberTemplate, type CloudFormationTemplate } from "./member-template";
import { validateOrganizationHubArgs, type OrganizationHubArgs } from "./args";

// Which code a function runs does not matter to these plans: the archives are stand-ins.
jest.mock("../core/build/bundle", () => ({
  buildHandlerArchive: (entry: string) => ({ path: `/tmp/${entry}.zip`, sha256: entry, size: 1 }),
}));

const ORGANIZATION = {
  organizationId: "o-a1b2c3d4e5",
  memberTargets: ["r-a1b2"],
  memberRegions: ["us-east-1", "eu-west-1"],
};
const HUB = "111111111111";
const HUB_ROLES = {
  policyReader: `arn:aws:iam::${HUB}:role/pm-detector-role-1a2b`,
  remediator: `arn:aws:iam::${HUB}:role/pm-remediator-role-3c4d`,
  codeReader: `arn:aws:iam::${HUB}:role/cw-watcher-role-5e6f`,
};
const HUB_BUS = `arn:aws:events:us-east-1:${HUB}:event-bus/organization-member-events`;
const REMEDIATOR_STATEMENTS: PlainStatement[] = [
  {
    Sid: "DetachFromRoles",
    Effect: "Allow",
    Action: ["iam:DetachRolePolicy"],
    Resource: "arn:aws:iam::222222222222:role/*",
  },
];

function template(hubRoleArns: Partial<typeof HUB_ROLES> = HUB_ROLES): CloudFormationTemplate {
  return memberTemplate({
    organizationId: ORGANIZATION.organizationId,
    hubBusArn: HUB_BUS,
    memberRegions: ORGANIZATION.memberRegions,
    roleNames: DEFAULT_MEMBER_ROLE_NAMES,
    hubRoleArns,
    remediatorStatements: hubRoleArns.remediator ? REMEDIATOR_STATEMENTS : undefined,
  });
}

describe("opsguard:organization", () => {
  test("the stack config of the issue's example parses as given", () => {
    const config = loadStackConfig({
      "aws:region": "us-east-1",
      "opsguard:alerts": JSON.stringify({ emails: ["oncall@example.com"] }),
      "opsguard:policyMonitor": "{}",
      "opsguard:organization": JSON.stringify(ORGANIZATION),
    });
    expect(config.organization).toEqual(ORGANIZATION);
  });

  test("an organization without policyMonitor is an error: nothing would judge the events", () => {
    expect(() =>
      loadStackConfig({
        "aws:region": "us-east-1",
        "opsguard:alerts": JSON.stringify({ emails: ["oncall@example.com"] }),
        "opsguard:codeWatcher": "{}",
        "opsguard:organization": JSON.stringify(ORGANIZATION),
      }),
    ).toThrow(
      "opsguard:organization needs opsguard:policyMonitor: the hub's detector judges the members' IAM events",
    );
  });

  test.each([
    [{ organizationId: "o-short" }, "organizationId", "must be an organization id"],
    [{ memberTargets: [] }, "memberTargets", ">=1 items"],
    [{ memberTargets: ["123456789012"] }, "memberTargets.0", "must be a root id"],
    [{ memberRegions: ["mars-1"] }, "memberRegions.0", "must be an AWS region"],
    [{ excludedAccounts: ["1234"] }, "excludedAccounts.0", "must be a 12-digit account id"],
    [{ callAs: "ADMIN" }, "callAs", "SELF"],
    [{ roleNames: { reader: "x" } }, "roleNames", "reader"],
  ])("%j is rejected at %s", (change, path, message) => {
    const result = organizationConfigSchema.safeParse({ ...ORGANIZATION, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0];
    expect(issue.path.join(".")).toBe(path);
    expect(JSON.stringify(result.error!.issues)).toContain(message);
  });
});

describe("validateOrganizationHubArgs", () => {
  const args: OrganizationHubArgs = {
    ...ORGANIZATION,
    detector: { functionArn: "a", functionName: "n", roleArn: HUB_ROLES.policyReader },
  };
  test("accepts the issue's example", () => {
    expect(() => validateOrganizationHubArgs("org", args)).not.toThrow();
  });
  test.each([
    [
      { organizationId: "org-1" },
      'OrganizationHub org: organizationId must match ^o-[a-z0-9]{10,32}$, got "org-1"',
    ],
    [
      { memberTargets: [] },
      "OrganizationHub org: memberTargets needs at least one root (r-…) or OU (ou-…) id",
    ],
    [
      { memberTargets: ["ou-ab12"] },
      'OrganizationHub org: memberTargets: "ou-ab12" is neither a root id (r-…) nor an OU id (ou-…)',
    ],
    [
      { memberRegions: ["eu-west-9"] },
      'OrganizationHub org: memberRegions: "eu-west-9" is not an AWS region',
    ],
    [
      { excludedAccounts: ["12345678901"] },
      'OrganizationHub org: excludedAccounts: "12345678901" is not a 12-digit account id',
    ],
    [
      { callAs: "ME" as "SELF" },
      'OrganizationHub org: callAs must be one of SELF, DELEGATED_ADMIN, got "ME"',
    ],
    [
      { roleNames: { remediator: "bad name" } },
      'OrganizationHub org: roleNames.remediator: "bad name" is not a role name',
    ],
    [
      { roleNames: { remediator: "opsguard-policy-reader" } },
      "OrganizationHub org: roleNames must differ from each other, got opsguard-policy-reader, opsguard-policy-reader, opsguard-code-reader",
    ],
  ])("%j: %s", (change, message) => {
    expect(() => validateOrganizationHubArgs("org", { ...args, ...change })).toThrow(message);
  });
});

describe("the hub bus's policy", () => {
  test("admits only the organization, only CloudTrail events of IAM and Lambda", () => {
    expect(
      hubBusPolicyStatements({
        busArn: HUB_BUS,
        organizationId: "o-a1b2c3d4e5",
        lambda: true,
        excludedAccounts: [],
      }),
    ).toEqual([
      {
        Sid: "OrganizationCloudTrailEvents",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "events:PutEvents",
        Resource: HUB_BUS,
        Condition: {
          StringEquals: {
            "aws:PrincipalOrgID": "o-a1b2c3d4e5",
            "events:source": ["aws.iam", "aws.lambda"],
            "events:detail-type": "AWS API Call via CloudTrail",
          },
        },
      },
    ]);
  });

  test("without CodeWatcher only IAM's events; excluded accounts are denied explicitly", () => {
    const statements = hubBusPolicyStatements({
      busArn: HUB_BUS,
      organizationId: "o-a1b2c3d4e5",
      lambda: false,
      excludedAccounts: ["333333333333"],
    });
    expect(statements[0].Condition!.StringEquals["events:source"]).toEqual(["aws.iam"]);
    expect(statements[1]).toEqual({
      Sid: "NotExcludedAccounts",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "events:PutEvents",
      Resource: HUB_BUS,
      Condition: { StringEquals: { "aws:PrincipalAccount": ["333333333333"] } },
    });
  });
});

describe("the member template", () => {
  const inUsEast1 = instanceResources(template(), { account: "222222222222", region: "us-east-1" });
  const inEuWest1 = instanceResources(template(), { account: "222222222222", region: "eu-west-1" });
  const byId = (resources: typeof inUsEast1, id: string) =>
    resources.find((resource) => resource.logicalId === id)!;

  test("cfn-lint accepts it, with and without the optional roles", () => {
    expect(cfnLint(template())).toBe("");
    expect(cfnLint(template({ policyReader: HUB_ROLES.policyReader }))).toBe("");
  });

  test("us-east-1 holds the IAM rule and the three roles; every region a Lambda rule", () => {
    expect(inUsEast1.map((r) => `${r.type} ${r.logicalId}`)).toEqual([
      "AWS::IAM::Role ForwarderRole",
      "AWS::Events::Rule IamEventsRule",
      "AWS::Events::Rule LambdaEventsRule",
      "AWS::IAM::Role PolicyReaderRole",
      "AWS::IAM::Role RemediatorRole",
      "AWS::IAM::Role CodeReaderRole",
    ]);
    expect(inEuWest1.map((r) => `${r.type} ${r.logicalId}`)).toEqual([
      "AWS::IAM::Role ForwarderRole",
      "AWS::Events::Rule LambdaEventsRule",
    ]);
    expect(byId(inEuWest1, "ForwarderRole").properties.RoleName).toBe(
      "opsguard-event-forwarder-eu-west-1",
    );
  });

  test("each member role trusts exactly its hub role, within the organization", () => {
    const trusted = Object.fromEntries(
      ["PolicyReaderRole", "RemediatorRole", "CodeReaderRole"].map((id) => {
        const { RoleName, AssumeRolePolicyDocument } = byId(inUsEast1, id).properties as {
          RoleName: string;
          AssumeRolePolicyDocument: unknown;
        };
        return [RoleName, AssumeRolePolicyDocument];
      }),
    );
    const trust = (arn: string) => ({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "HubRoleOfTheOrganization",
          Effect: "Allow",
          Principal: { AWS: arn },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        },
      ],
    });
    expect(trusted).toEqual({
      "opsguard-policy-reader": trust(HUB_ROLES.policyReader),
      "opsguard-remediator": trust(HUB_ROLES.remediator),
      "opsguard-code-reader": trust(HUB_ROLES.codeReader),
    });
  });

  test("the reader roles may read exactly what the hub's functions read", () => {
    const statementsOf = (id: string) =>
      (
        byId(inUsEast1, id).properties.Policies as {
          PolicyDocument: { Statement: unknown[] };
        }[]
      )[0].PolicyDocument.Statement;
    expect(statementsOf("PolicyReaderRole")).toEqual([
      {
        Sid: "ReadManagedPolicies",
        Effect: "Allow",
        Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
        Resource: ["arn:aws:iam::222222222222:policy/*", "arn:aws:iam::aws:policy/*"],
      },
    ]);
    expect(statementsOf("CodeReaderRole")).toEqual([
      {
        Sid: "ReadFunctionCode",
        Effect: "Allow",
        Action: ["lambda:GetFunction"],
        Resource: [
          "arn:aws:lambda:us-east-1:222222222222:function:*",
          "arn:aws:lambda:eu-west-1:222222222222:function:*",
        ],
      },
    ]);
    expect(statementsOf("RemediatorRole")).toEqual(REMEDIATOR_STATEMENTS);
  });

  test("the rules forward to the hub's bus with the forwarder role, which may put only there", () => {
    const rule = byId(inEuWest1, "LambdaEventsRule").properties as {
      EventPattern: { source: string[]; detail: { eventName: unknown[] } };
      Targets: unknown[];
    };
    expect(rule.EventPattern.source).toEqual(["aws.lambda"]);
    expect(rule.EventPattern.detail.eventName).toEqual([
      { prefix: "UpdateFunctionCode" },
      { prefix: "PublishVersion" },
    ]);
    expect(rule.Targets).toEqual([
      {
        Id: "opsguard-hub",
        Arn: HUB_BUS,
        RoleArn: "arn:aws:iam::222222222222:role/opsguard-event-forwarder-eu-west-1",
      },
    ]);
    const forwarder = byId(inEuWest1, "ForwarderRole").properties as {
      AssumeRolePolicyDocument: { Statement: unknown[] };
      Policies: { PolicyDocument: { Statement: unknown[] } }[];
    };
    expect(forwarder.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: "EventBridgeOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
      },
    ]);
    expect(forwarder.Policies[0].PolicyDocument.Statement).toEqual([
      { Sid: "PutOnHubBus", Effect: "Allow", Action: ["events:PutEvents"], Resource: HUB_BUS },
    ]);
  });

  test("without CodeWatcher there is no Lambda rule and no code-reader role", () => {
    const resources = instanceResources(template({ policyReader: HUB_ROLES.policyReader }), {
      account: "222222222222",
      region: "us-east-1",
    });
    expect(resources.map((r) => r.logicalId)).toEqual([
      "ForwarderRole",
      "IamEventsRule",
      "PolicyReaderRole",
    ]);
  });
});

/** The dev stack with the issue's organization, planned as a first preview and as an update. */
async function planHub(preview: boolean): Promise<PlannedResource[]> {
  const config = {
    ...readStackConfig(join(__dirname, "..", ".."), "dev"),
    "opsguard:organization": JSON.stringify(ORGANIZATION),
  };
  let resources: PlannedResource[] = [];
  await jest.isolateModulesAsync(async () => {
    const { runProgram } = await import("../../tools/mock-runtime/run-program");
    ({ resources } = await runProgram({
      program: () => import("../../index"),
      config,
      preview,
    }));
  });
  return resources;
}

describe("the dev stack as the hub of the issue's organization", () => {
  let resources: PlannedResource[];
  beforeAll(async () => {
    resources = await planHub(false);
  }, 120_000);
  const named = (name: string) => {
    const found = resources.filter((resource) => resource.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test("a service-managed, auto-deployed StackSet with an instance on the root per region", () => {
    const stackSet = named("organization-members");
    expect(stackSet.type).toBe("aws:cloudformation/stackSet:StackSet");
    expect(stackSet.inputs).toMatchObject({
      permissionModel: "SERVICE_MANAGED",
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: "DELEGATED_ADMIN",
      capabilities: ["CAPABILITY_NAMED_IAM"],
    });
    const instances = resources
      .filter((r) => r.type === "aws:cloudformation/stackSetInstance:StackSetInstance")
      .map((r) => ({
        name: r.name,
        region: r.inputs.stackSetInstanceRegion,
        targets: r.inputs.deploymentTargets,
      }));
    expect(instances).toEqual([
      {
        name: "organization-members-us-east-1",
        region: "us-east-1",
        targets: { organizationalUnitIds: ["r-a1b2"] },
      },
      {
        name: "organization-members-eu-west-1",
        region: "eu-west-1",
        targets: { organizationalUnitIds: ["r-a1b2"] },
      },
    ]);
  });

  test("the template's roles trust the planned detector, remediator and watcher roles", () => {
    const body = JSON.parse(
      String(named("organization-members").inputs.templateBody),
    ) as CloudFormationTemplate;
    const roleArn = (name: string) => String(named(name).state.arn);
    const trusted = Object.fromEntries(
      instanceResources(body, { account: "222222222222", region: "us-east-1" })
        .filter((r) => /Reader|Remediator/.test(r.logicalId))
        .map((r) => {
          const document = r.properties.AssumeRolePolicyDocument as {
            Statement: { Principal: { AWS: string } }[];
          };
          return [r.properties.RoleName, document.Statement.map((s) => s.Principal.AWS)];
        }),
    );
    expect(trusted).toEqual({
      "opsguard-policy-reader": [roleArn("policy-monitor-detector-role")],
      "opsguard-remediator": [roleArn("policy-monitor-responders-remediator-role")],
      "opsguard-code-reader": [roleArn("code-watcher-watcher-role")],
    });
    expect(cfnLint(body)).toBe("");
  });

  test("the hub bus is in us-east-1 and its policy admits only the organization", () => {
    const policy = named("organization-member-events-policy");
    const document = JSON.parse(String(policy.inputs.policy)) as { Statement: PlainStatement[] };
    expect(document.Statement).toHaveLength(1);
    expect(document.Statement[0].Condition).toEqual({
      StringEquals: {
        "aws:PrincipalOrgID": "o-a1b2c3d4e5",
        "events:source": ["aws.iam", "aws.lambda"],
        "events:detail-type": "AWS API Call via CloudTrail",
      },
    });
  });

  test("the policy pack passes on the hub's first preview and on the template's roles", async () => {
    const preview = await planHub(true);
    const violations = await evaluatePolicies(preview);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);

    // The pack cannot see inside a template body: its roles, as the plan would hold them.
    const body = JSON.parse(
      String(named("organization-members").inputs.templateBody),
    ) as CloudFormationTemplate;
    const roles: PlannedResource[] = instanceResources(body, {
      account: "222222222222",
      region: "us-east-1",
    })
      .filter((r) => r.type === "AWS::IAM::Role")
      .flatMap((r) => {
        const { RoleName, AssumeRolePolicyDocument, Policies } = r.properties as {
          RoleName: string;
          AssumeRolePolicyDocument: unknown;
          Policies: { PolicyName: string; PolicyDocument: unknown }[];
        };
        const urn = (type: string, name: string) => `urn:pulumi:member::opsguard::${type}::${name}`;
        return [
          {
            urn: urn("aws:iam/role:Role", RoleName),
            type: "aws:iam/role:Role",
            name: RoleName,
            inputs: { name: RoleName, assumeRolePolicy: JSON.stringify(AssumeRolePolicyDocument) },
            state: {},
            propertyDependencies: {},
          },
          ...Policies.map((policy) => ({
            urn: urn("aws:iam/rolePolicy:RolePolicy", `${RoleName}-${policy.PolicyName}`),
            type: "aws:iam/rolePolicy:RolePolicy",
            name: `${RoleName}-${policy.PolicyName}`,
            inputs: { role: RoleName, policy: JSON.stringify(policy.PolicyDocument) },
            state: {},
            propertyDependencies: {},
          })),
        ] as unknown as PlannedResource[];
      });
    expect(roles).toHaveLength(8);
    expect(await evaluatePolicies(roles)).toEqual([]);
  }, 120_000);
});
