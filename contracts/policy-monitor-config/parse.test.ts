import { ConfigFileError } from "./config-file";
import { parseRules, parseSuppressions } from "./parse";

const RULE = `
  - id: passrole
    title: PassRole
    description: d
    severity: HIGH
    match:
      statement:
        actions: { anyOf: ["iam:PassRole"] }`;

describe("parseRules", () => {
  test("parses a valid file", () => {
    expect(parseRules(`version: 1\nrules:${RULE}`)).toEqual([
      {
        id: "passrole",
        title: "PassRole",
        description: "d",
        severity: "HIGH",
        match: { statement: { actions: { anyOf: ["iam:PassRole"] } } },
      },
    ]);
  });

  test("reads one resource scope as a list of one", () => {
    const text = `version: 1\nrules:${RULE.replace("statement:", "statement:\n        resources: broad")}`;
    expect(parseRules(text)[0].match.statement?.resources).toEqual(["broad"]);
  });

  test("reads resource scopes, condition keys, principal scopes and action exceptions", () => {
    const text = `version: 1\nrules:${RULE.replace(
      "statement:",
      "statement:\n        resources: [broad, self]\n        withoutConditionKeys: [sts:ExternalId]\n        principal: otherAccount",
    ).replace('anyOf: ["iam:PassRole"]', 'anyOf: ["iam:*"], except: ["iam:Get*"]')}`;
    expect(parseRules(text)[0].match.statement).toEqual({
      resources: ["broad", "self"],
      withoutConditionKeys: ["sts:ExternalId"],
      principal: "otherAccount",
      actions: { anyOf: ["iam:*"], except: ["iam:Get*"] },
    });
  });

  test.each([
    [
      "a bad severity",
      `version: 1\nrules:${RULE}${RULE.replace("id: passrole", "id: b")}${RULE.replace("id: passrole", "id: c")}${RULE.replace("id: passrole", "id: d").replace("HIGH", "URGENT")}`,
      "rules.yaml: rules[3].severity must be one of LOW, MEDIUM, HIGH, CRITICAL",
    ],
    [
      "an unknown key",
      `version: 1\nrules:${RULE.replace("severity: HIGH", "severity: HIGH\n    owner: me")}`,
      'rules.yaml: rules[0]: unknown key "owner"',
    ],
    [
      "an unknown key deep in match",
      `version: 1\nrules:${RULE.replace("anyOf:", "oneOf:")}`,
      'rules.yaml: rules[0].match.statement.actions: unknown key "oneOf"',
    ],
    [
      "a bad action pattern",
      `version: 1\nrules:${RULE.replace('"iam:PassRole"', '"PassRole"')}`,
      "rules.yaml: rules[0].match.statement.actions.anyOf[0]: must be an IAM action pattern such as iam:PassRole, iam:Put* or *",
    ],
    [
      "a missing title",
      `version: 1\nrules:${RULE.replace("title: PassRole", "")}`,
      "rules.yaml: rules[0].title is required",
    ],
    [
      "a duplicate id",
      `version: 1\nrules:${RULE}${RULE}`,
      'rules.yaml: rules[1].id: "passrole" is used by an earlier rule',
    ],
    [
      "an empty match",
      `version: 1\nrules:${RULE.replace(/match:[\s\S]*$/, "match: {}")}`,
      "rules.yaml: rules[0].match: must have a statement filter or allOf",
    ],
    [
      "an action filter with only except",
      `version: 1\nrules:${RULE.replace("anyOf:", "except:")}`,
      "rules.yaml: rules[0].match.statement.actions: must name at least one of anyOf, accessLevels, everyAction, everyActionOfAService",
    ],
    [
      "an unknown resource scope in a list",
      `version: 1\nrules:${RULE.replace("statement:", "statement:\n        resources: [broad, mine]")}`,
      "rules.yaml: rules[0].match.statement.resources[1] must be one of any, broad, self",
    ],
    [
      "a condition key without a service",
      `version: 1\nrules:${RULE.replace("statement:", "statement:\n        withoutConditionKeys: [ExternalId]")}`,
      "rules.yaml: rules[0].match.statement.withoutConditionKeys[0]: must be a condition key",
    ],
    ["a wrong version", `version: 2\nrules:${RULE}`, "rules.yaml: version must be 1"],
    ["no rules", "version: 1\nrules: []", "rules.yaml: rules must have at least 1 item"],
    ["not YAML", "version: [", "rules.yaml: not valid YAML: unexpected end of the stream"],
  ])("rejects %s naming the field", (_case, text, message) => {
    expect(() => parseRules(text)).toThrow(ConfigFileError);
    expect(() => parseRules(text)).toThrow(message);
  });
});

describe("parseSuppressions", () => {
  test("parses entries; a date-only expiry lasts to the end of that day", () => {
    const parsed = parseSuppressions(
      "version: 1\nsuppressions:\n  - rules: [wildcard-resource-write]\n    reason: CI deployer\n    expires: 2026-03-31\n",
    );
    expect(parsed).toEqual([
      {
        rules: ["wildcard-resource-write"],
        reason: "CI deployer",
        expires: new Date("2026-03-31T23:59:59.999Z"),
      },
    ]);
  });

  test.each([
    [
      "a missing reason",
      "version: 1\nsuppressions:\n  - rules: [x]\n",
      "suppress.yaml: suppressions[0].reason is required",
    ],
    [
      "a blank reason",
      "version: 1\nsuppressions:\n  - rules: [x]\n    reason: '  '\n",
      "suppress.yaml: suppressions[0].reason must not be empty",
    ],
    [
      "no criterion",
      "version: 1\nsuppressions:\n  - reason: because\n",
      "suppress.yaml: suppressions[0]: must narrow by at least one of rules, targets, actors, accounts",
    ],
    [
      "a bad expiry",
      "version: 1\nsuppressions:\n  - rules: [x]\n    reason: r\n    expires: soon\n",
      "suppress.yaml: suppressions[0].expires: must be a date such as 2026-03-31",
    ],
    [
      "an unknown key",
      "version: 1\nsuppressions:\n  - rule: [x]\n    reason: r\n",
      'suppress.yaml: suppressions[0]: unknown key "rule"',
    ],
  ])("rejects %s naming the field", (_case, text, message) => {
    expect(() => parseSuppressions(text)).toThrow(message);
  });
});
