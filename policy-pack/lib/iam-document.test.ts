import { documentsOf, hasNarrowingCondition, isEveryone, parseDocument } from "./iam-document";
import { UNKNOWN } from "./unknown";

describe("parseDocument", () => {
  test("normalises strings to lists and numbers statements from 1", () => {
    const parsed = parseDocument(
      JSON.stringify({
        Statement: {
          Sid: "A",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Principal: { AWS: "arn:aws:iam::1:root" },
        },
      }),
    );
    expect(parsed).toEqual({
      status: "parsed",
      statements: [
        {
          index: 1,
          sid: "A",
          effect: "Allow",
          actions: ["s3:GetObject"],
          notActions: undefined,
          resources: ["*"],
          notResources: undefined,
          principal: { AWS: ["arn:aws:iam::1:root"] },
          condition: undefined,
        },
      ],
    });
  });
  test.each([
    [UNKNOWN, "unknown"],
    ["{not json", "invalid"],
    [{ Statement: UNKNOWN }, "unknown"],
  ])("%j is %s", (value, status) => {
    expect(parseDocument(value).status).toBe(status);
  });
});

test("documentsOf a role: its trust policy and each inline policy", () => {
  const docs = documentsOf("aws:iam/role:Role", {
    assumeRolePolicy: "{}",
    inlinePolicies: [{ name: "a", policy: "{}" }, { name: "b" }],
  });
  expect(docs.map((d) => `${d.kind} ${d.property}`)).toEqual([
    "trust assumeRolePolicy",
    "identity inlinePolicies[0].policy",
  ]);
});

test.each([
  ["*", true],
  [{ AWS: "*" }, true],
  [{ AWS: ["arn:aws:iam::1:root"] }, false],
  [undefined, false],
])("isEveryone(%j) is %s", (principal, expected) => {
  const [statement] = parseDocument({
    Statement: [{ Effect: "Allow", Principal: principal }],
  }).statements;
  expect(isEveryone(statement.principal)).toBe(expected);
});

test.each([
  [{ StringEquals: { "aws:PrincipalOrgID": "o-1" } }, true],
  [{ ArnLike: { "AWS:SourceArn": "arn" } }, true],
  [{ Bool: { "aws:SecureTransport": "true" } }, false],
])("hasNarrowingCondition(%j) is %s", (condition, expected) => {
  const [statement] = parseDocument({
    Statement: [{ Effect: "Allow", Condition: condition }],
  }).statements;
  expect(hasNarrowingCondition(statement)).toBe(expected);
});
