import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { evaluateDocument } from "./evaluate";
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
const evaluate = (statements: unknown[], rules: Rule[]) =>
  evaluateDocument(
    parsePolicyDocument({ Version: "2012-10-17", Statement: statements }, "doc"),
    "identity",
    rules,
    catalogue,
  );

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
