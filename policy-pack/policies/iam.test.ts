import { disallowIamAdminPolicyAttachments } from "./disallow-iam-admin-policy-attachments";
import { disallowIamNotActionNotResource } from "./disallow-iam-not-action-not-resource";
import { disallowIamOpenTrustPolicies } from "./disallow-iam-open-trust-policies";
import { disallowIamPassroleWildcard } from "./disallow-iam-passrole-wildcard";
import { disallowIamWildcardActions } from "./disallow-iam-wildcard-actions";
import { disallowIamWildcardResources } from "./disallow-iam-wildcard-resources";
import { enforceLambdaPermissionSource } from "./enforce-lambda-permission-source";
import { runResourcePolicy, urnOf } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** What LambdaFunction's role policy holds: exact actions on exact ARNs, plus X-Ray on "*". */
const BASELINE = [
  {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*",
  },
  { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::data/*" },
  { Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" },
  { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:Get*"], Resource: "*" },
];
const leastPrivilege = [
  disallowIamWildcardActions,
  disallowIamWildcardResources,
  disallowIamNotActionNotResource,
  disallowIamPassroleWildcard,
];
const rolePolicy = (...statements: object[]) => ({
  type: ROLE_POLICY,
  name: "fn-policy",
  props: { role: "r", policy: doc(...statements) },
});

describe("least privilege on policy documents", () => {
  test.each(leastPrivilege.map((p) => [p.name, p] as const))(
    "%s: the baseline passes",
    async (_n, policy) => {
      expect(await runResourcePolicy(policy, rolePolicy(...BASELINE))).toEqual({
        violations: [],
        unknowns: [],
      });
    },
  );

  test.each(leastPrivilege.map((p) => [p.name, p] as const))(
    "%s: not applicable to a resource without a document",
    async (_n, policy) => {
      expect(
        (
          await runResourcePolicy(policy, {
            type: "aws:sns/topicSubscription:TopicSubscription",
            name: "s",
            props: {},
          })
        ).notApplicable,
      ).toMatch(/^applies only to aws:iam\/rolePolicy:RolePolicy, /);
    },
  );

  test.each(leastPrivilege.map((p) => [p.name, p] as const))(
    "%s: an unknown document cannot be decided",
    async (_n, policy) => {
      expect(
        await runResourcePolicy(policy, {
          type: ROLE_POLICY,
          name: "fn-policy",
          props: { policy: UNKNOWN },
        }),
      ).toEqual({
        violations: [],
        unknowns: [`policy of ${urnOf(ROLE_POLICY, "fn-policy")}`],
      });
    },
  );

  test.each([
    [
      disallowIamWildcardActions,
      { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::data" },
      'policy statement 5 allows "*"',
    ],
    [
      disallowIamWildcardActions,
      {
        Sid: "All",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:*"],
        Resource: "arn:aws:s3:::data",
      },
      'policy statement 5 (Sid "All") allows "s3:*"',
    ],
    [
      disallowIamWildcardResources,
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      'policy statement 5 allows "sqs:SendMessage" on "*": a Write action that supports narrower resources',
    ],
    [
      disallowIamWildcardResources,
      { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: ["*"] },
      'policy statement 5 allows "iam:PutRolePolicy" on "*": a Permissions management, Write action that supports narrower resources',
    ],
    [
      disallowIamWildcardResources,
      { Effect: "Allow", Action: "sqs:Delete*", Resource: "*" },
      'policy statement 5 allows "sqs:Delete*" on "*": it grants 2 write or permissions-management actions that support narrower resources (sqs:DeleteMessage, sqs:DeleteQueue)',
    ],
    [
      disallowIamWildcardResources,
      { Effect: "Allow", Action: "nosuch:Thing", Resource: "*" },
      'policy statement 5 allows "nosuch:Thing" on "*", which is not in the IAM action catalogue',
    ],
    [
      disallowIamNotActionNotResource,
      { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::data" },
      'policy statement 5 allows NotAction ["iam:*"]',
    ],
    [
      disallowIamNotActionNotResource,
      { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" },
      'policy statement 5 allows NotResource ["arn:aws:s3:::secret/*"]',
    ],
    [
      disallowIamPassroleWildcard,
      { Effect: "Allow", Action: "iam:Pass*", Resource: "*" },
      'policy statement 5 allows iam:PassRole (as "iam:Pass*") on "*"',
    ],
  ] as const)("%#: one failing statement", async (policy, statement, message) => {
    expect(await runResourcePolicy(policy, rolePolicy(...BASELINE, statement))).toEqual({
      violations: [{ urn: urnOf(ROLE_POLICY, "fn-policy"), message }],
      unknowns: [],
    });
  });

  test("Deny statements are not grants", async () => {
    const deny = { Effect: "Deny", NotAction: "s3:*", Resource: "*" };
    for (const policy of leastPrivilege) {
      expect((await runResourcePolicy(policy, rolePolicy(deny))).violations).toEqual([]);
    }
  });

  test("Role.inlinePolicies are checked and named by index", async () => {
    const role = {
      type: "aws:iam/role:Role",
      name: "r",
      props: {
        inlinePolicies: [
          { name: "a", policy: doc(...BASELINE) },
          { name: "b", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
        ],
      },
    };
    expect(
      (await runResourcePolicy(disallowIamWildcardActions, role)).violations.map((v) => v.message),
    ).toEqual(['inlinePolicies[1].policy statement 1 allows "*"']);
  });

  test("a default key policy's kms:* to the account root is allowed, kms:* to a role is not", async () => {
    const key = (principal: string) => ({
      type: "aws:kms/key:Key",
      name: "k",
      props: {
        policy: doc({
          Effect: "Allow",
          Principal: { AWS: principal },
          Action: "kms:*",
          Resource: "*",
        }),
      },
    });
    expect(
      (await runResourcePolicy(disallowIamWildcardActions, key("arn:aws:iam::123456789012:root")))
        .violations,
    ).toEqual([]);
    expect(
      (
        await runResourcePolicy(
          disallowIamWildcardActions,
          key("arn:aws:iam::123456789012:role/app"),
        )
      ).violations.map((v) => v.message),
    ).toEqual(['policy statement 1 allows "kms:*"']);
  });
});

describe("disallow-iam-admin-policy-attachments", () => {
  const attachment = (policyArn: string) => ({
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    name: "a",
    props: { role: "r", policyArn },
  });
  test("a narrow managed policy passes", async () => {
    expect(
      await runResourcePolicy(
        disallowIamAdminPolicyAttachments,
        attachment("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"),
      ),
    ).toEqual({ violations: [], unknowns: [] });
  });
  test.each([
    [
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      'policyArn attaches "arn:aws:iam::aws:policy/AdministratorAccess"',
    ],
    [
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      { policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      'policyArn attaches "arn:aws:iam::aws:policy/PowerUserAccess"',
    ],
    [
      "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
      { policyArn: "arn:aws:iam::aws:policy/job-function/AdministratorAccess" },
      'policyArn attaches "arn:aws:iam::aws:policy/job-function/AdministratorAccess"',
    ],
    [
      "aws:iam/policyAttachment:PolicyAttachment",
      { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      'policyArn attaches "arn:aws:iam::aws:policy/AdministratorAccess"',
    ],
    [
      "aws:iam/role:Role",
      {
        managedPolicyArns: [
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::aws:policy/AdministratorAccess",
        ],
      },
      'managedPolicyArns attaches "arn:aws:iam::aws:policy/AdministratorAccess"',
    ],
  ])("%s", async (type, props, message) => {
    expect(
      await runResourcePolicy(disallowIamAdminPolicyAttachments, { type, name: "a", props }),
    ).toEqual({ violations: [{ urn: urnOf(type, "a"), message }], unknowns: [] });
  });
  test("a customer policy with the same name is not an AWS managed one", async () => {
    expect(
      (
        await runResourcePolicy(
          disallowIamAdminPolicyAttachments,
          attachment("arn:aws:iam::123456789012:policy/AdministratorAccess"),
        )
      ).violations,
    ).toEqual([]);
  });
  test("an unknown policyArn cannot be decided; other types are not applicable", async () => {
    expect(
      (await runResourcePolicy(disallowIamAdminPolicyAttachments, attachment(UNKNOWN))).unknowns,
    ).toEqual([`policyArn of ${urnOf("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a")}`]);
    expect(
      (
        await runResourcePolicy(disallowIamAdminPolicyAttachments, {
          type: "aws:iam/policy:Policy",
          name: "p",
          props: {},
        })
      ).notApplicable,
    ).toBeDefined();
  });
});

describe("disallow-iam-open-trust-policies", () => {
  const role = (Principal: unknown, Condition?: object) => ({
    type: "aws:iam/role:Role",
    name: "r",
    props: {
      assumeRolePolicy: doc({
        Effect: "Allow",
        Principal,
        Action: "sts:AssumeRole",
        ...(Condition ? { Condition } : {}),
      }),
    },
  });
  test("a service principal passes, and so does * narrowed to the organisation", async () => {
    expect(
      await runResourcePolicy(
        disallowIamOpenTrustPolicies,
        role({ Service: "lambda.amazonaws.com" }),
      ),
    ).toEqual({ violations: [], unknowns: [] });
    expect(
      (
        await runResourcePolicy(
          disallowIamOpenTrustPolicies,
          role("*", { StringEquals: { "aws:PrincipalOrgID": "o-123" } }),
        )
      ).violations,
    ).toEqual([]);
  });
  test.each([["*"], [{ AWS: "*" }], [{ AWS: ["arn:aws:iam::123456789012:root", "*"] }]])(
    "Principal %j is open",
    async (principal) => {
      expect(
        (await runResourcePolicy(disallowIamOpenTrustPolicies, role(principal))).violations,
      ).toEqual([
        {
          urn: urnOf("aws:iam/role:Role", "r"),
          message: 'assumeRolePolicy statement 1 lets Principal "*" assume the role',
        },
      ]);
    },
  );
  test("not applicable to a policy", async () => {
    expect(
      (
        await runResourcePolicy(disallowIamOpenTrustPolicies, {
          type: ROLE_POLICY,
          name: "p",
          props: {},
        })
      ).notApplicable,
    ).toBe("applies only to aws:iam/role:Role");
  });
});

describe("enforce-lambda-permission-source", () => {
  const PERMISSION = "aws:lambda/permission:Permission";
  const baseline = {
    action: "lambda:InvokeFunction",
    function: "fn",
    principal: "events.amazonaws.com",
    sourceArn: "arn:aws:events:us-east-1:123456789012:rule/nightly",
  };
  const permission = (props: Record<string, unknown>) => ({ type: PERMISSION, name: "p", props });
  test("a service principal with sourceArn or sourceAccount passes, an unknown sourceArn is present", async () => {
    expect(await runResourcePolicy(enforceLambdaPermissionSource, permission(baseline))).toEqual({
      violations: [],
      unknowns: [],
    });
    expect(
      (
        await runResourcePolicy(
          enforceLambdaPermissionSource,
          permission({ ...baseline, sourceArn: undefined, sourceAccount: "123456789012" }),
        )
      ).violations,
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        enforceLambdaPermissionSource,
        permission({ ...baseline, sourceArn: UNKNOWN }),
      ),
    ).toEqual({ violations: [], unknowns: [] });
  });
  test.each([
    [
      { ...baseline, sourceArn: undefined },
      'principal "events.amazonaws.com" has neither sourceArn nor sourceAccount',
    ],
    [{ ...baseline, principal: "*" }, 'principal is "*": anyone can invoke the function'],
  ])("%j", async (props, message) => {
    expect(
      (await runResourcePolicy(enforceLambdaPermissionSource, permission(props))).violations,
    ).toEqual([{ urn: urnOf(PERMISSION, "p"), message }]);
  });
  test("an unknown principal cannot be decided; other types are not applicable", async () => {
    expect(
      (
        await runResourcePolicy(
          enforceLambdaPermissionSource,
          permission({ ...baseline, principal: UNKNOWN }),
        )
      ).unknowns,
    ).toEqual([`principal of ${urnOf(PERMISSION, "p")}`]);
    expect(
      (
        await runResourcePolicy(enforceLambdaPermissionSource, {
          type: ROLE_POLICY,
          name: "x",
          props: {},
        })
      ).notApplicable,
    ).toBe("applies only to aws:lambda/permission:Permission");
  });
});
