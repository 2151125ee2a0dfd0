import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { evaluateDocument, type DocumentKind } from "./evaluate";
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

function ruleIdsHit(statements: Statement[], kind: DocumentKind = "identity"): string[] {
  const document = { Version: "2012-10-17", Statement: statements };
  return evaluateDocument(parsePolicyDocument(document, "doc"), kind, rules, catalogue).map(
    (hit) => hit.rule.id,
  );
}

interface RuleCase {
  readonly ruleId: string;
  readonly kind?: DocumentKind;
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
    nearMiss: [allow("s3:PutBucketPolicy", "arn:aws:s3:::reports")],
  },
  {
    ruleId: "wildcard-resource-write",
    trips: [allow("sqs:SendMessage")],
    nearMiss: [allow("sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs")],
  },
  {
    ruleId: "passrole-wildcard",
    trips: [allow("iam:PassRole", "arn:aws:iam::123456789012:role/*")],
    nearMiss: [allow("iam:PassRole", role("app-task"))],
  },
  {
    ruleId: "privesc-policy-version",
    trips: [allow("iam:SetDefault*")],
    nearMiss: [allow("iam:GetPolicyVersion")],
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
    ruleId: "privesc-add-user-to-group",
    trips: [allow("iam:AddUserToGroup")],
    nearMiss: [allow("iam:AddUserToGroup", "arn:aws:iam::123456789012:group/readers")],
  },
  {
    ruleId: "privesc-update-assume-role-policy",
    trips: [allow("iam:UpdateAssumeRolePolicy"), allow("sts:AssumeRole")],
    nearMiss: [allow("iam:UpdateAssumeRolePolicy")],
  },
  {
    ruleId: "privesc-passrole-ec2",
    trips: [allow(["iam:PassRole", "ec2:RunInstances"])],
    nearMiss: [allow("iam:PassRole", role("web")), allow("ec2:RunInstances")],
  },
  {
    ruleId: "privesc-passrole-lambda",
    trips: [allow("iam:PassRole"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"])],
    nearMiss: [allow("iam:PassRole"), allow("lambda:CreateFunction")],
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
    ruleId: "privesc-passrole-sagemaker",
    trips: [allow(["iam:PassRole", "sagemaker:CreateTrainingJob"])],
    nearMiss: [allow(["iam:PassRole", "sagemaker:DescribeTrainingJob"])],
  },
  {
    ruleId: "privesc-lambda-update-code",
    trips: [allow("lambda:Update*")],
    nearMiss: [
      allow("lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:123456789012:function:app"),
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
    ruleId: "trust-any-account",
    kind: "trust",
    trips: [trust({ AWS: "arn:aws:iam::*:root" })],
    nearMiss: [trust({ AWS: "arn:aws:iam::210987654321:root" })],
  },
];

describe("default rules", () => {
  test("every default rule has a table case", () => {
    expect(cases.map((rule) => rule.ruleId).sort()).toEqual(rules.map((rule) => rule.id).sort());
  });

  test.each(cases)("$ruleId trips on its policy", ({ ruleId, kind, trips }) => {
    expect(ruleIdsHit(trips, kind)).toContain(ruleId);
  });

  test.each(cases)("$ruleId does not trip on the near miss", ({ ruleId, kind, nearMiss }) => {
    expect(ruleIdsHit(nearMiss, kind)).not.toContain(ruleId);
  });

  test("AdministratorAccess trips exactly the blanket rules", () => {
    expect(ruleIdsHit([allow("*")]).sort()).toEqual(
      [
        "full-admin",
        "service-wildcard",
        "wildcard-resource-permissions-management",
        "wildcard-resource-write",
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
