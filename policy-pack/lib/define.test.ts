import { matchTags, resourcePolicy, stackPolicy } from "./define";
import { policies } from "../policies";

const meta = {
  name: "enable-widget-encryption",
  description: "Widgets are encrypted.",
  remediationSteps: "Set encrypted: true.",
  url: "https://docs.aws.amazon.com/widgets",
  enforcementLevel: "mandatory",
  severity: "high",
  types: ["aws:widget/widget:Widget"],
  check: () => {},
} as const;

describe("policy metadata", () => {
  it("emits severity and the anchor rules as tags, awsguard first, cdk-nag last", () => {
    const matches = {
      cdkNag: ["AwsSolutions-W1", "NIST.800.53.R5-WidgetEncrypted"],
      compliancePolicies: ["aws-widget-widget-enable-encryption"],
      awsguard: ["widget-encrypted"],
    };
    const resource = resourcePolicy({ ...meta, matches });
    const stack = stackPolicy({ ...meta, matches });
    const expected = [
      "awsguard:widget-encrypted",
      "compliance-policies:aws-widget-widget-enable-encryption",
      "cdk-nag:AwsSolutions-W1",
      "cdk-nag:NIST.800.53.R5-WidgetEncrypted",
    ];
    for (const policy of [resource, stack]) {
      expect(policy.severity).toBe("high");
      expect(policy.tags).toEqual(expected);
      expect(policy).not.toHaveProperty("matches");
      expect(policy).not.toHaveProperty("types");
      expect(policy).not.toHaveProperty("check");
    }
  });

  it("emits no tags for a policy no anchor pack has", () => {
    expect(resourcePolicy({ ...meta, matches: {} }).tags).toEqual([]);
    expect(matchTags({ awsguard: [] })).toEqual([]);
  });

  it("gives every policy of the pack a severity and tags spelled as each anchor pack spells them", () => {
    const spelling = [
      /^awsguard:[a-z0-9]+(-[a-z0-9]+)*$/,
      /^compliance-policies:aws-[a-z0-9]+(-[a-z0-9]+)+$/,
      /^cdk-nag:(AwsSolutions-[A-Z0-9]+[0-9]|(Serverless|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-[A-Z][A-Za-z0-9]+)$/,
    ];
    const misspelt = policies.flatMap((policy) =>
      (policy.tags ?? [])
        .filter((tag) => !spelling.some((pattern) => pattern.test(tag)))
        .map((tag) => `${policy.name}: ${tag}`),
    );
    expect(misspelt).toEqual([]);
    expect(
      policies.filter((p) => !["low", "medium", "high", "critical"].includes(p.severity ?? "")),
    ).toEqual([]);
  });
});
