import { isEveryone } from "./iam/policy-document";
import {
  describeStatement,
  documentsOf,
  hasNarrowingCondition,
  parseDocument,
} from "./iam-document";
import { UNKNOWN } from "./unknown";

describe("parseDocument", () => {
  test("reads the document with the IAM core", () => {
    const parsed = parseDocument(
      JSON.stringify({ Statement: { Sid: "A", Effect: "Allow", Action: "s3:GetObject" } }),
    );
    expect(parsed.status).toBe("parsed");
    expect(parsed.statements.map((s) => [s.index, s.sid, s.action])).toEqual([
      [0, "A", ["s3:GetObject"]],
    ]);
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

test.each([
  [{ Effect: "Allow", Action: "s3:GetObject" }, "statement 1"],
  [{ Sid: "ReadData", Effect: "Allow", Action: "s3:GetObject" }, 'statement 1 (Sid "ReadData")'],
])("describeStatement counts from 1: %j is %s", (statement, expected) => {
  const [read] = parseDocument({ Statement: [statement] }).statements;
  expect(describeStatement(read)).toBe(expected);
});
