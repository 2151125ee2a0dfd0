import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";

const byName = (resources: PlannedResource[], name: string) => {
  const found = resources.filter((resource) => resource.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const statementsOf = (resource: PlannedResource) =>
  JSON.parse(resource.inputs.policy as string).Statement as Record<string, any>[];

describe("GithubDeployRole through the bootstrap stack", () => {
  let resources: PlannedResource[];
  let outputs: Record<string, unknown>;
  const child = (name: string) => byName(resources, name);
  const statement = (policy: string, sid: string) =>
    statementsOf(child(`github-deploy-${policy}`)).find((s) => s.Sid === sid)!;

  beforeAll(async () => {
    ({ resources, outputs } = await runProgram({
      program: () => import("../../bootstrap/index"),
      project: "opsguard-bootstrap",
      stack: "bootstrap",
      config: {
        "aws:region": "eu-west-1",
        "opsguard-bootstrap:deployRole": {
          repository: "example-org/opsguard",
          branches: ["main", "release/1.x"],
          environments: ["production"],
          stateBucketName: "example-org-pulumi-state",
        },
      },
    }));
  });

  test("creates the GitHub OIDC provider for sts.amazonaws.com", () => {
    expect(child("github-deploy-oidc").inputs).toEqual({
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    });
  });

  test("the role trusts only the repository's branches and environment, with aud sts.amazonaws.com", () => {
    const role = child("github-deploy-role");
    expect(role.inputs.name).toBe("opsguard-github-deploy");
    expect(role.inputs.maxSessionDuration).toBe(3600);
    expect(JSON.parse(role.inputs.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GithubActionsOfTheRepository",
          Effect: "Allow",
          Principal: {
            Federated:
              "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": [
                "repo:example-org/opsguard:ref:refs/heads/main",
                "repo:example-org/opsguard:ref:refs/heads/release/1.x",
                "repo:example-org/opsguard:environment:production",
              ],
            },
          },
        },
      ],
    });
    expect(outputs.deployRoleArn).toBe("arn:aws:iam::123456789012:role/opsguard-github-deploy");
  });

  test("four inline policies that together fit IAM's 10,240-character inline budget", () => {
    const policies = resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
    expect(policies.map((p) => p.name).sort()).toEqual([
      "github-deploy-compute",
      "github-deploy-identity",
      "github-deploy-observability",
      "github-deploy-state",
    ]);
    const characters = policies
      .map((p) => (p.inputs.policy as string).replace(/\s/g, "").length)
      .reduce((a, b) => a + b, 0);
    expect(characters).toBeLessThan(10_240);
  });

  test("roles are managed by prefix, and passed only to the stacks' services", () => {
    expect(statement("identity", "ManageStackRoles").Resource).toBe(
      "arn:aws:iam::123456789012:role/opsguard*",
    );
    expect(statement("identity", "ManageStackRoles").Action).not.toContain("iam:PassRole");
    expect(statement("identity", "PassStackRolesToServices")).toEqual({
      Sid: "PassStackRolesToServices",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: "arn:aws:iam::123456789012:role/opsguard*",
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "lambda.amazonaws.com",
            "events.amazonaws.com",
            "glue.amazonaws.com",
            "apigateway.amazonaws.com",
          ],
        },
      },
    });
    expect(statement("identity", "AttachOnlyStackPolicies").Condition).toEqual({
      ArnLike: { "iam:PolicyARN": "arn:aws:iam::123456789012:policy/opsguard*" },
    });
  });

  test.each([
    [
      "compute",
      "ManageFunctions",
      [
        "arn:aws:lambda:*:123456789012:function:opsguard*",
        "arn:aws:lambda:*:123456789012:function:opsguard*:*",
      ],
    ],
    ["compute", "ManageBuckets", ["arn:aws:s3:::opsguard*"]],
    ["compute", "ManageTopics", "arn:aws:sns:*:123456789012:opsguard*"],
    ["compute", "ManageQueues", "arn:aws:sqs:*:123456789012:opsguard*"],
    ["observability", "ManageAlarms", "arn:aws:cloudwatch:*:123456789012:alarm:opsguard*"],
    ["observability", "ManageDashboards", "arn:aws:cloudwatch::123456789012:dashboard/opsguard*"],
    [
      "observability",
      "ManageLogGroups",
      [
        "arn:aws:logs:*:123456789012:log-group:/aws/*/opsguard/*",
        "arn:aws:logs:*:123456789012:log-group:opsguard*",
      ],
    ],
    [
      "state",
      "ReadWritePulumiState",
      ["arn:aws:s3:::example-org-pulumi-state", "arn:aws:s3:::example-org-pulumi-state/*"],
    ],
  ])("%s %s is scoped to %j", (policy, sid, resource) => {
    expect(statement(policy, sid).Resource).toEqual(resource);
  });

  test("no statement allows every action of every service", () => {
    const all = resources
      .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
      .flatMap(statementsOf);
    for (const s of all) {
      expect(s.Action).not.toContain("*");
      if (s.Resource === "*") {
        expect(s.Action.every((action: string) => !action.endsWith(":*"))).toBe(true);
      }
    }
  });
});

describe("GithubDeployRole args", () => {
  test("an existing provider is used, not a new one", async () => {
    const { resources } = await runProgram({
      program: async () => {
        const { GithubDeployRole } = await import("./index");
        new GithubDeployRole("ci", {
          repository: "o/r",
          oidcProviderArn:
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
          resourcePrefix: "acme",
        });
        return {};
      },
    });
    expect(resources.some((r) => r.type.includes("openIdConnectProvider"))).toBe(false);
    const role = byName(resources, "ci-role");
    expect(role.inputs.name).toBe("acme-github-deploy");
    expect(
      JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition.StringEquals,
    ).toEqual({
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": ["repo:o/r:ref:refs/heads/main"],
    });
  });
});
