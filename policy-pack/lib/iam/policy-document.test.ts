import {
  MalformedPolicyError,
  parsePolicyDocument,
  readPolicyDocument,
  type PolicyStatement,
} from "./policy-document";

describe("parsePolicyDocument", () => {
  test("normalises strings to lists and numbers statements from 0", () => {
    const statement = {
      Sid: "A",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Principal: { AWS: "arn:aws:iam::1:root" },
    };
    expect(parsePolicyDocument(JSON.stringify({ Statement: statement }), "doc")).toEqual([
      {
        index: 0,
        sid: "A",
        effect: "Allow",
        action: ["s3:GetObject"],
        notAction: undefined,
        resource: ["*"],
        notResource: undefined,
        principal: [{ kind: "AWS", value: "arn:aws:iam::1:root" }],
        notPrincipal: undefined,
        condition: undefined,
        hasCondition: false,
        raw: statement,
      } satisfies PolicyStatement,
    ]);
  });

  test("reads URL-encoded JSON, as IAM's GetPolicyVersion returns it", () => {
    const text = encodeURIComponent(
      JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*" }] }),
    );
    expect(parsePolicyDocument(text, "doc").map((s) => [s.index, s.effect, s.action])).toEqual([
      [0, "Deny", ["*"]],
    ]);
  });

  test.each([
    ["{not json", "doc is neither JSON nor URL-encoded JSON"],
    [[], "doc must be a JSON object"],
    [{}, "doc.Statement is missing"],
    [{ Statement: ["x"] }, "doc.Statement[0] must be an object"],
    [
      { Statement: [{ Effect: "Allow", Action: [] }] },
      "doc.Statement[0].Action must be a string or a non-empty array of strings",
    ],
    [
      { Statement: [{ Effect: "Allow", Action: "*", Principal: { AWS: [] } }] },
      "doc.Statement[0].Principal.AWS must be a string or a non-empty array of strings",
    ],
    [
      { Statement: [{ Effect: "Allow", Action: "*", NotPrincipal: "arn" }] },
      'doc.Statement[0].NotPrincipal must be "*" or an object',
    ],
  ])("%j is refused: %s", (document, message) => {
    expect(() => parsePolicyDocument(document, "doc")).toThrow(new MalformedPolicyError(message));
  });
});

describe("readPolicyDocument", () => {
  test("keeps what it can read and lists every problem in document order", () => {
    const { statements, problems } = readPolicyDocument(
      { Statement: [{ Action: ["s3:GetObject", 7] }, { Effect: "Deny", Principal: { Aws: "*" } }] },
      "doc",
    );
    expect(statements.map((s) => [s.index, s.effect, s.action, s.principal])).toEqual([
      [0, "Allow", ["s3:GetObject", "7"], undefined],
      [1, "Deny", undefined, [{ kind: "Aws", value: "*" }]],
    ]);
    expect(problems).toEqual([
      "doc.Statement[0].Effect must be Allow or Deny",
      "doc.Statement[0].Action must be a string or a non-empty array of strings",
      "doc.Statement[1].Principal.Aws is not a principal type (AWS, Service, Federated, CanonicalUser)",
      "doc.Statement[1] needs Action or NotAction",
    ]);
  });

  test.each([
    [{ StringEquals: { "aws:PrincipalOrgID": "o-1" } }, true],
    [{}, false],
    ["not an object", false],
  ])("Condition %j: hasCondition is %s", (condition, expected) => {
    const [statement] = readPolicyDocument(
      { Statement: { Effect: "Allow", Action: "*", Condition: condition } },
      "doc",
    ).statements;
    expect(statement.hasCondition).toBe(expected);
  });
});
