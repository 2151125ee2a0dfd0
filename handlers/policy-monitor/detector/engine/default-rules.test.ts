import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { evaluateDocument } from "./evaluate";
import type { DocumentContext, DocumentKind } from "./types";
import { parsePolicyDocument } from "../../../../policy-pack/lib/iam/policy-document";
import { parseRules } from "../../../../contracts/policy-monitor-config/parse";

const rules = parseRules(
  readFileSync(join(__dirname, "..", "..", "..", "..", "rules", "rules.yaml"), "utf8"),
);
const catalogue = defaultCatalogue();

type Statement = Record<string, unknown>;
const allow = (Action: unknown, Resource: unknown = "*", extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const trust = (Principal: unknown, extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Principal,
  Action: "sts:AssumeRole",
  ...extra,
});

const ACCOUNT = "123456789012";
const OWN_POLICY = `arn:aws:iam::${ACCOUNT}:policy/team/deployer`;

function ruleIdsHit(
  statements: Statement[],
  kind: DocumentKind = "identity",
  context: DocumentContext = {},
): string[] {
  const document = { Version: "2012-10-17", Statement: statements };
  return evaluateDocument(parsePolicyDocument(document, "doc"), kind, rules, catalogue, {
    account: ACCOUNT,
    ...context,
  }).map((hit) => hit.rule.id);
}

interface RuleCase {
  readonly ruleId: string;
  readonly kind?: DocumentKind;
  readonly context?: DocumentContext;
  readonly trips: Statement[];
  readonly nearMiss: Statement[];
}

// Each default rule: one document that trips it and the closest document that must not.
const cases: RuleCase[] = [
  { ruleId: "full-admin", trips: [allow("*")], nearMiss: [allow("*", "arn:aws:s3:::reports")] },
  {
    ruleId: "service-wildcard",
    trips: [allow("s3:*")],
    nearMiss: [allow("s3:*", "arn:aws:s3:::reports/*")],
  },
  {
    ruleId: "allow-not-action",
    trips: [allow(undefined, "*", { Action: undefined, NotAction: "iam:*" })],
    nearMiss: [{ Effect: "Deny", NotAction: "iam:*", Resource: "*" }, allow("s3:GetObject")],
  },
  {
    ruleId: "allow-not-resource",
    trips: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }],
    nearMiss: [{ Effect: "Deny", Action: "s3:GetObject", NotResource: "arn:aws:s3:::public/*" }],
  },
  {
    ruleId: "wildcard-resource-permissions-management",
    trips: [allow("s3:PutBucketPolicy")],
    nearMiss: [allow("s3:PutBucketPolicy", "arn:aws:s3:::reports"), allow("iam:CreatePolicy")],
  },
  {
    ruleId: "wildcard-resource-write",
    trips: [allow("sqs:SendMessage")],
    nearMiss: [
      allow("sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs"),
      allow(["athena:GetSessionEndpoint", "cognito-idp:GetTokensFromRefreshToken"]),
      allow("s3express:CreateSession", "*", {
        Condition: { StringEquals: { "s3express:SessionMode": "ReadOnly" } },
      }),
    ],
  },
  {
    ruleId: "wildcard-resource-session-token",
    trips: [allow("athena:GetSession*")],
    nearMiss: [allow("athena:GetSession")],
  },
  {
    ruleId: "passrole-wildcard",
    trips: [allow("iam:PassRole", "arn:aws:iam::123456789012:role/*")],
    nearMiss: [allow("iam:PassRole", role("app-task"))],
  },
  {
    ruleId: "passrole-wildcard",
    context: { now: new Date("2026-06-15T00:00:00Z") },
    trips: [
      allow("iam:PassRole", "*", {
        Condition: { DateLessThan: { "aws:CurrentTime": "2026-07-01T00:00:00Z" } },
      }),
    ],
    nearMiss: [
      allow("iam:PassRole", "*", {
        Condition: { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } },
      }),
    ],
  },
  {
    ruleId: "privesc-policy-version",
    trips: [allow("iam:SetDefault*")],
    nearMiss: [allow("iam:GetPolicyVersion")],
  },
  {
    ruleId: "privesc-policy-version",
    context: { policyArn: OWN_POLICY },
    trips: [allow("iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/team/*`)],
    nearMiss: [allow("iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/other/*`)],
  },
  {
    ruleId: "privesc-access-key",
    trips: [allow("iam:CreateAccessKey")],
    nearMiss: [allow("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/${aws:username}")],
  },
  {
    ruleId: "privesc-login-profile",
    trips: [allow("iam:UpdateLoginProfile")],
    nearMiss: [allow("iam:GetLoginProfile")],
  },
  {
    ruleId: "privesc-attach-put-policy",
    trips: [allow("iam:Put*")],
    nearMiss: [allow("iam:Put*"), { Effect: "Deny", Action: "iam:Put*Policy", Resource: "*" }],
  },
  {
    ruleId: "privesc-attach-put-policy",
    context: { principalArn: `arn:aws:iam::${ACCOUNT}:role/deployer` },
    trips: [allow("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/deploy*`)],
    nearMiss: [allow("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/app-*`)],
  },
  {
    ruleId: "privesc-attach-put-policy",
    trips: [allow("iam:PutUserPolicy", `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)],
    nearMiss: [allow("iam:GetUserPolicy", `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)],
  },
  {
    ruleId: "privesc-add-user-to-group",
    trips: [allow("iam:AddUserToGroup")],
    nearMiss: [allow("iam:AddUserToGroup", "arn:aws:iam::123456789012:group/readers")],
  },
  {
    ruleId: "privesc-update-assume-role-policy",
    trips: [allow("iam:UpdateAssumeRolePolicy")],
    nearMiss: [allow("iam:UpdateAssumeRolePolicy", role("ci-deployer"))],
  },
  {
    ruleId: "privesc-assume-any-role",
    trips: [allow("sts:AssumeRole")],
    nearMiss: [allow("sts:AssumeRole", role("reader"))],
  },
  {
    ruleId: "privesc-passrole-ec2",
    trips: [allow(["iam:PassRole", "ec2:RequestSpotInstances"])],
    nearMiss: [allow("iam:PassRole", role("web")), allow("ec2:RunInstances")],
  },
  {
    ruleId: "privesc-ec2-user-data",
    trips: [allow(["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"])],
    nearMiss: [allow(["ec2:ModifyInstanceAttribute", "ec2:StopInstances"])],
  },
  {
    ruleId: "privesc-ec2-launch-template",
    trips: [allow(["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"])],
    nearMiss: [allow("ec2:CreateLaunchTemplateVersion")],
  },
  {
    ruleId: "privesc-ec2-instance-connect",
    trips: [allow("ec2-instance-connect:SendSerialConsoleSSHPublicKey")],
    nearMiss: [
      allow(
        "ec2-instance-connect:SendSSHPublicKey",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
      ),
    ],
  },
  {
    ruleId: "privesc-passrole-ecs",
    trips: [allow(["iam:PassRole", "ecs:RunTask"])],
    nearMiss: [allow(["iam:PassRole", "ecs:DescribeTasks"])],
  },
  {
    ruleId: "privesc-ecs-execute-command",
    trips: [allow("ecs:ExecuteCommand")],
    nearMiss: [allow("ecs:DescribeTasks")],
  },
  {
    ruleId: "privesc-passrole-lambda",
    trips: [allow("iam:PassRole"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"])],
    nearMiss: [allow("iam:PassRole"), allow("lambda:CreateFunction")],
  },
  {
    ruleId: "privesc-passrole-glue-job",
    trips: [allow(["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"])],
    nearMiss: [allow(["iam:PassRole", "glue:UpdateJob"])],
  },
  {
    ruleId: "privesc-passrole-glue-session",
    trips: [allow(["iam:PassRole", "glue:CreateSession", "glue:RunStatement"])],
    nearMiss: [allow(["iam:PassRole", "glue:CreateSession"])],
  },
  {
    ruleId: "privesc-passrole-glue",
    trips: [allow(["iam:PassRole", "glue:CreateDevEndpoint"])],
    nearMiss: [allow(["iam:PassRole", "glue:GetDevEndpoint"])],
  },
  {
    ruleId: "privesc-glue-update-dev-endpoint",
    trips: [allow("glue:UpdateDevEndpoint")],
    nearMiss: [
      allow("glue:UpdateDevEndpoint", "arn:aws:glue:us-east-1:123456789012:devEndpoint/x"),
    ],
  },
  {
    ruleId: "privesc-passrole-cloudformation",
    trips: [allow(["iam:PassRole", "cloudformation:CreateStack"])],
    nearMiss: [
      allow(["iam:PassRole", "cloudformation:CreateStack"], "*", {
        Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
      }),
      { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
    ],
  },
  {
    ruleId: "privesc-passrole-cloudformation",
    trips: [allow(["iam:PassRole", "cloudformation:UpdateStackSet"])],
    nearMiss: [allow(["iam:PassRole", "cloudformation:DescribeStacks"])],
  },
  {
    ruleId: "privesc-passrole-cloudformation-stack-set",
    trips: [
      allow([
        "iam:PassRole",
        "cloudformation:CreateStackSet",
        "cloudformation:CreateStackInstances",
      ]),
    ],
    nearMiss: [allow(["iam:PassRole", "cloudformation:CreateStackSet"])],
  },
  {
    ruleId: "privesc-cloudformation-update-stack",
    trips: [allow("cloudformation:UpdateStack")],
    nearMiss: [
      allow(
        "cloudformation:UpdateStack",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/app/abc",
      ),
    ],
  },
  {
    ruleId: "privesc-cloudformation-change-set",
    trips: [allow(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"])],
    nearMiss: [allow("cloudformation:CreateChangeSet")],
  },
  {
    ruleId: "privesc-passrole-datapipeline",
    trips: [allow(["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipeline*"])],
    nearMiss: [allow(["iam:PassRole", "datapipeline:CreatePipeline"])],
  },
  {
    ruleId: "privesc-passrole-codebuild",
    trips: [allow(["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"])],
    nearMiss: [allow(["iam:PassRole", "codebuild:StartBuild"])],
  },
  {
    ruleId: "privesc-codebuild-start-build",
    trips: [allow("codebuild:StartBuildBatch")],
    nearMiss: [allow("codebuild:BatchGetBuilds")],
  },
  {
    ruleId: "privesc-passrole-sagemaker",
    trips: [allow(["iam:PassRole", "sagemaker:CreateProcessingJob"])],
    nearMiss: [allow(["iam:PassRole", "sagemaker:DescribeTrainingJob"])],
  },
  {
    ruleId: "privesc-sagemaker-notebook-url",
    trips: [allow("sagemaker:CreatePresignedNotebookInstanceUrl")],
    nearMiss: [allow("sagemaker:DescribeNotebookInstance")],
  },
  {
    ruleId: "privesc-sagemaker-lifecycle-config",
    trips: [
      allow([
        "sagemaker:CreateNotebookInstanceLifecycleConfig",
        "sagemaker:UpdateNotebookInstance",
      ]),
    ],
    nearMiss: [allow("sagemaker:CreateNotebookInstanceLifecycleConfig")],
  },
  {
    ruleId: "privesc-passrole-service-code",
    trips: [allow(["iam:PassRole", "apprunner:CreateService"])],
    nearMiss: [allow("iam:PassRole", role("apprunner-instance")), allow("apprunner:CreateService")],
  },
  {
    ruleId: "privesc-apprunner-update-service",
    trips: [allow("apprunner:UpdateService")],
    nearMiss: [allow("apprunner:DescribeService")],
  },
  {
    ruleId: "privesc-bedrock-code-interpreter",
    trips: [
      allow([
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
      ]),
    ],
    nearMiss: [allow("bedrock-agentcore:StartCodeInterpreterSession")],
  },
  {
    ruleId: "privesc-mwaa-update-environment",
    trips: [allow(["airflow:UpdateEnvironment", "airflow:CreateCliToken"])],
    nearMiss: [allow("airflow:UpdateEnvironment")],
  },
  {
    ruleId: "privesc-lambda-update-code",
    trips: [allow("lambda:Update*")],
    nearMiss: [
      allow("lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:123456789012:function:app"),
    ],
  },
  {
    ruleId: "privesc-codedeploy-deployment",
    trips: [allow("codedeploy:CreateDeployment")],
    nearMiss: [
      allow(
        "codedeploy:CreateDeployment",
        "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:app/web",
      ),
    ],
  },
  {
    ruleId: "privesc-ssm-command",
    trips: [allow("ssm:StartSession")],
    nearMiss: [allow("ssm:DescribeSessions")],
  },
  {
    ruleId: "trust-wildcard-principal",
    kind: "trust",
    trips: [trust({ AWS: "*" })],
    nearMiss: [
      trust({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
    ],
  },
  {
    ruleId: "trust-wildcard-principal",
    kind: "trust",
    trips: [trust("*", { Condition: { Bool: { "aws:SecureTransport": "true" } } })],
    nearMiss: [trust({ Service: "ec2.amazonaws.com" })],
  },
  {
    ruleId: "trust-any-account",
    kind: "trust",
    trips: [trust({ AWS: "arn:aws:iam::*:root" })],
    nearMiss: [trust({ AWS: "arn:aws:iam::210987654321:root" })],
  },
  {
    ruleId: "trust-other-account",
    kind: "trust",
    trips: [trust({ AWS: "arn:aws:iam::210987654321:role/ci" })],
    nearMiss: [
      trust(
        { AWS: "arn:aws:iam::210987654321:role/ci" },
        { Condition: { StringEquals: { "sts:ExternalId": "f3a9c2" } } },
      ),
      trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }),
    ],
  },
  {
    ruleId: "trust-account-root",
    kind: "trust",
    trips: [trust({ AWS: ACCOUNT })],
    nearMiss: [
      trust(
        { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        { Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ci-*` } } },
      ),
    ],
  },
];

describe("default rules", () => {
  test("every default rule has a table case", () => {
    expect([...new Set(cases.map((rule) => rule.ruleId))].sort()).toEqual(
      rules.map((rule) => rule.id).sort(),
    );
  });

  test.each(cases)("$ruleId trips on its policy", ({ ruleId, kind, context, trips }) => {
    expect(ruleIdsHit(trips, kind, context)).toContain(ruleId);
  });

  test.each(cases)(
    "$ruleId does not trip on the near miss",
    ({ ruleId, kind, context, nearMiss }) => {
      expect(ruleIdsHit(nearMiss, kind, context)).not.toContain(ruleId);
    },
  );

  test("AdministratorAccess trips exactly the blanket rules", () => {
    expect(ruleIdsHit([allow("*")]).sort()).toEqual(
      [
        "full-admin",
        "service-wildcard",
        "wildcard-resource-permissions-management",
        "wildcard-resource-write",
        "wildcard-resource-session-token",
        ...rules.filter((rule) => /^(privesc|passrole)-/.test(rule.id)).map((rule) => rule.id),
      ].sort(),
    );
  });

  test("a read-only policy trips nothing", () => {
    expect(
      ruleIdsHit([allow(["s3:Get*", "s3:List*", "iam:Get*", "iam:List*", "ec2:Describe*"])]),
    ).toEqual([]);
  });

  test("trust rules do not judge permission policies, nor identity rules trust policies", () => {
    expect(ruleIdsHit([trust("*")], "identity")).toEqual([]);
    expect(ruleIdsHit([allow("*")], "trust")).toEqual([]);
  });
});
