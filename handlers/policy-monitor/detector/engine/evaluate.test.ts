import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { evaluateDocument } from "./evaluate";
import type { DocumentContext, DocumentKind } from "./types";
import {
  MalformedPolicyError,
  parsePolicyDocument,
} from "../../../../policy-pack/lib/iam/policy-document";
import type { Rule } from "../../../../contracts/policy-monitor-config/rules-schema";

const catalogue = defaultCatalogue();
const rule = (id: string, match: Rule["match"]): Rule => ({
  id,
  title: id,
  description: id,
  severity: "HIGH",
  match,
});
const evaluate = (
  statements: unknown[],
  rules: Rule[],
  context?: DocumentContext,
  kind: DocumentKind = "identity",
) =>
  evaluateDocument(
    parsePolicyDocument({ Version: "2012-10-17", Statement: statements }, "doc"),
    kind,
    rules,
    catalogue,
    context,
  );
const ruleIds = (...args: Parameters<typeof evaluate>) =>
  evaluate(...args).map((hit) => hit.rule.id);

describe("evaluateDocument", () => {
  test("a finding names the statement, the matched actions and the resources", () => {
    const statement = {
      Sid: "Ops",
      Effect: "Allow",
      Action: ["iam:Put*", "s3:GetObject"],
      Resource: "*",
    };
    const hits = evaluate(
      [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }, statement],
      [rule("put", { statement: { actions: { anyOf: ["iam:Put*Policy"] } } })],
    );
    expect(hits).toEqual([
      {
        rule: expect.objectContaining({ id: "put" }),
        findings: [
          {
            statementIndex: 1,
            sid: "Ops",
            actions: ["iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:PutUserPolicy"],
            resources: ["*"],
            statement,
          },
        ],
      },
    ]);
  });

  test("NotAction is judged by what it really allows: NotAction s3:* allows iam:PassRole", () => {
    const hits = evaluate(
      [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }],
      [
        rule("passrole", { statement: { actions: { anyOf: ["iam:PassRole"] } } }),
        rule("s3", { statement: { actions: { anyOf: ["s3:GetObject"] } } }),
      ],
    );
    expect(hits.map((hit) => [hit.rule.id, hit.findings[0].actions])).toEqual([
      ["passrole", ["iam:PassRole"]],
    ]);
  });

  test("whole services are summarised as service:* and everything as *", () => {
    const everyService = rule("svc", { statement: { actions: { everyActionOfAService: true } } });
    expect(
      evaluate(
        [{ Effect: "Allow", Action: ["sqs:*", "s3:GetObject"], Resource: "*" }],
        [everyService],
      )[0].findings[0].actions,
    ).toEqual(["sqs:*"]);
    expect(
      evaluate([{ Effect: "Allow", Action: "*", Resource: "*" }], [everyService])[0].findings[0]
        .actions,
    ).toEqual(["*"]);
  });

  test.each([
    [
      "an unconditional Deny on * removes the action",
      { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
      [],
    ],
    [
      "a conditional Deny leaves the grant",
      {
        Effect: "Deny",
        Action: "iam:PassRole",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      },
      ["passrole"],
    ],
    [
      "a Deny on one resource leaves the grant",
      { Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/admin" },
      ["passrole"],
    ],
    [
      "a Deny by NotAction removes everything else",
      { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
      [],
    ],
  ])("%s", (_case, deny, expected) => {
    const hits = evaluate(
      [{ Effect: "Allow", Action: "iam:*", Resource: "*" }, deny],
      [rule("passrole", { statement: { actions: { anyOf: ["iam:PassRole"] } } })],
    );
    expect(hits.map((hit) => hit.rule.id)).toEqual(expected);
  });

  test.each([
    ["the same resources", ["arn:aws:iam::123456789012:role/*"], []],
    ["a pattern that covers them", ["arn:aws:iam::123456789012:*"], []],
    ["part of them", ["arn:aws:iam::123456789012:role/app-*"], ["passrole"]],
  ])("an unconditional Deny on %s as the Allow's", (_case, denied, expected) => {
    const hits = evaluate(
      [
        {
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: ["arn:aws:iam::123456789012:role/app-*", "arn:aws:iam::123456789012:role/*"],
        },
        { Effect: "Deny", Action: "iam:PassRole", Resource: denied },
      ],
      [rule("passrole", { statement: { actions: { anyOf: ["iam:PassRole"] } } })],
    );
    expect(hits.map((hit) => hit.rule.id)).toEqual(expected);
  });

  test("allOf reports every statement that contributed, with its part of the combination", () => {
    const hits = evaluate(
      [
        { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
      ],
      [rule("ec2", { allOf: [["iam:PassRole"], ["ec2:RunInstances"]] })],
    );
    expect(hits[0].findings.map((finding) => [finding.statementIndex, finding.actions])).toEqual([
      [0, ["iam:PassRole"]],
      [2, ["ec2:RunInstances"]],
    ]);
  });
});

describe("evaluateDocument with the document's context", () => {
  const ACCOUNT = "123456789012";
  const POLICY = `arn:aws:iam::${ACCOUNT}:policy/team/deployer`;
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
  const rewritesItself = rule("self", {
    statement: {
      resources: ["self"],
      actions: { anyOf: ["iam:CreatePolicyVersion", "iam:PutRolePolicy"] },
    },
  });
  const allowOn = (Action: string, Resource: string | string[]) => ({
    Effect: "Allow",
    Action,
    Resource,
  });

  test.each([
    ["its exact ARN", allowOn("iam:CreatePolicyVersion", POLICY), { policyArn: POLICY }, ["self"]],
    [
      "every policy of any account",
      allowOn("iam:CreatePolicyVersion", "arn:aws:iam::*:policy/*"),
      { policyArn: POLICY },
      ["self"],
    ],
    [
      "a pattern that misses it",
      allowOn("iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/team/reader`),
      { policyArn: POLICY },
      [],
    ],
    [
      "NotResource that leaves it in",
      {
        Effect: "Allow",
        Action: "iam:CreatePolicyVersion",
        NotResource: `arn:aws:iam::${ACCOUNT}:policy/admin`,
      },
      { policyArn: POLICY },
      ["self"],
    ],
    [
      "NotResource that takes it out",
      { Effect: "Allow", Action: "iam:CreatePolicyVersion", NotResource: POLICY },
      { policyArn: POLICY },
      [],
    ],
    [
      "the role it is embedded in, through a policy variable",
      allowOn("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/app}`),
      { principalArn: ROLE },
      ["self"],
    ],
    ["no known policy or principal", allowOn("iam:CreatePolicyVersion", POLICY), {}, []],
    [
      "the caller's own user, whoever holds it",
      allowOn("iam:PutRolePolicy", "arn:aws:iam::*:user/${aws:username}"),
      {},
      ["self"],
    ],
    [
      "a role named like the caller, which is not the caller",
      allowOn("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/\${aws:username}`),
      {},
      [],
    ],
  ])("resources self: a statement on %s", (_case, statement, context, expected) => {
    expect(ruleIds([statement], [rewritesItself], context)).toEqual(expected);
  });

  describe("an Allow whose condition can never hold again", () => {
    const expired = {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } },
    };
    const passRole = rule("passrole", { statement: { actions: { anyOf: ["iam:PassRole"] } } });

    test("grants nothing at a later time", () => {
      expect(ruleIds([expired], [passRole], { now: new Date("2024-01-01T00:00:01Z") })).toEqual([]);
    });

    test("still grants before that time, and when no time is given", () => {
      expect(ruleIds([expired], [passRole], { now: new Date("2023-12-31T23:59:59Z") })).toEqual([
        "passrole",
      ]);
      expect(ruleIds([expired], [passRole])).toEqual(["passrole"]);
    });

    test("in a trust policy trusts no one", () => {
      const trust = { ...expired, Action: "sts:AssumeRole", Resource: undefined, Principal: "*" };
      const everyone = rule("everyone", {
        document: "trust",
        statement: { principal: "wildcard" },
      });
      expect(
        ruleIds([trust], [everyone], { now: new Date("2025-01-01T00:00:00Z") }, "trust"),
      ).toEqual([]);
      expect(ruleIds([trust], [everyone], {}, "trust")).toEqual(["everyone"]);
    });
  });

  describe("an action its condition narrows (s3express:CreateSession in ReadOnly mode)", () => {
    const session = (condition?: object) => ({
      Effect: "Allow",
      Action: "s3express:CreateSession",
      Resource: "*",
      ...(condition ? { Condition: condition } : {}),
    });
    const write = rule("write", { statement: { actions: { accessLevels: ["Write"] } } });
    const read = rule("read", { statement: { actions: { accessLevels: ["Read"] } } });
    const named = rule("named", {
      statement: { actions: { anyOf: ["s3express:CreateSession"] } },
    });

    test("no longer counts as Write, keeps Read, and still matches by name", () => {
      const readOnly = session({ StringEquals: { "s3express:SessionMode": "ReadOnly" } });
      expect(ruleIds([readOnly], [write, read, named])).toEqual(["named"]);
    });

    test("without the condition is a Write", () => {
      expect(ruleIds([session()], [write, read, named])).toEqual(["write", "named"]);
    });
  });

  test("except leaves the named actions out of the finding", () => {
    const writes = rule("write", {
      statement: { actions: { accessLevels: ["Write"], except: ["sqs:Send*"] } },
    });
    const statement = {
      Effect: "Allow",
      Action: ["sqs:SendMessage", "sqs:DeleteMessage"],
      Resource: "*",
    };
    expect(evaluate([statement], [writes])[0].findings[0].actions).toEqual(["sqs:DeleteMessage"]);
    expect(ruleIds([{ ...statement, Action: "sqs:SendMessage" }], [writes])).toEqual([]);
  });

  describe("trust principals", () => {
    const trust = (AWS: string, Condition?: object) => ({
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { AWS },
      ...(Condition ? { Condition } : {}),
    });
    const otherAccount = rule("other", {
      document: "trust",
      statement: { principal: "otherAccount", withoutConditionKeys: ["sts:ExternalId"] },
    });
    const accountRoot = rule("root", {
      document: "trust",
      statement: { principal: "accountRoot" },
    });
    const rules = [otherAccount, accountRoot];
    const judge = (statement: object, account?: string) =>
      ruleIds([statement], rules, { account }, "trust");

    test.each([
      ["another account's role", trust("arn:aws:iam::210987654321:role/ci"), ["other"]],
      ["another account's root", trust("arn:aws:iam::210987654321:root"), ["other", "root"]],
      ["another account's bare id", trust("210987654321"), ["other", "root"]],
      [
        "an assumed-role session of another account",
        trust("arn:aws:sts::210987654321:assumed-role/ci/s"),
        ["other"],
      ],
      ["its own account's root", trust(`arn:aws:iam::${ACCOUNT}:root`), ["root"]],
      ["its own account's role", trust(`arn:aws:iam::${ACCOUNT}:role/ci`), []],
      [
        "another account with an external id, key in another case",
        trust("arn:aws:iam::210987654321:role/ci", { StringEquals: { "STS:externalid": "x1" } }),
        [],
      ],
    ])("%s", (_case, statement, expected) => {
      expect(judge(statement, ACCOUNT)).toEqual(expected);
    });

    test("another account is not judged when the document's account is not known", () => {
      expect(judge(trust("arn:aws:iam::210987654321:role/ci"))).toEqual([]);
    });
  });
});

describe("parsePolicyDocument", () => {
  test.each([
    ["{not json", "doc is neither JSON nor URL-encoded JSON"],
    [{ Version: "2012-10-17" }, "doc.Statement is missing"],
    [
      { Statement: [{ Effect: "Permit", Action: "*" }] },
      "doc.Statement[0].Effect must be Allow or Deny",
    ],
    [
      { Statement: [{ Effect: "Allow", Resource: "*" }] },
      "doc.Statement[0] needs Action or NotAction",
    ],
    [
      { Statement: { Effect: "Allow", Action: [] } },
      "doc.Statement[0].Action must be a string or a non-empty array of strings",
    ],
    [
      { Statement: { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Aws: "*" } } },
      "doc.Statement[0].Principal.Aws is not a principal type (AWS, Service, Federated, CanonicalUser)",
    ],
  ])("rejects %j: %s", (document, message) => {
    expect(() => parsePolicyDocument(document, "doc")).toThrow(new MalformedPolicyError(message));
  });

  test("reads plain and URL-encoded JSON alike", () => {
    const document = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }],
    };
    const plain = parsePolicyDocument(JSON.stringify(document), "doc");
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(document)), "doc")).toEqual(plain);
    expect(plain[0].action).toEqual(["s3:Get*"]);
  });
});
