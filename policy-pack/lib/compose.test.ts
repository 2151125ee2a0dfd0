import type { ResourceValidationPolicy } from "@pulumi/policy";
import { opsguardPolicies, policies } from "../library";
import { runResourcePolicy, urnOf } from "../test/run-policy";
import { PolicyOptionsError } from "./compose";
import { ExemptionConfigError } from "./exemptions";

const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
const publicUrl = { type: FUNCTION_URL, name: "webhook-url", props: { authorizationType: "NONE" } };
const byName = (list: ReturnType<typeof opsguardPolicies>, name: string) =>
  list.find((policy) => policy.name === name) as ResourceValidationPolicy;

describe("opsguardPolicies", () => {
  it("keeps each policy's own level when given nothing, as copies", () => {
    const composed = opsguardPolicies();
    expect(composed.map((p) => [p.name, p.enforcementLevel])).toEqual(
      policies.map((p) => [p.name, p.enforcementLevel]),
    );
    expect(composed.every((policy, index) => policy !== policies[index])).toBe(true);
  });

  it("sets every level with all, and a policy's own level over it", () => {
    const composed = opsguardPolicies({
      all: "advisory",
      "enforce-lambda-function-url-auth": "disabled",
      "enable-lb-access-logs": { enforcementLevel: "mandatory" },
    });
    const levels = new Map(composed.map((p) => [p.name, p.enforcementLevel]));
    expect(levels.get("enforce-lambda-function-url-auth")).toBe("disabled");
    expect(levels.get("enable-lb-access-logs")).toBe("mandatory");
    expect(
      [...levels].filter(
        ([name, level]) =>
          level !== "advisory" &&
          name !== "enforce-lambda-function-url-auth" &&
          name !== "enable-lb-access-logs",
      ),
    ).toEqual([]);
    expect(byName(policies, "enforce-lambda-function-url-auth").enforcementLevel).toBe("mandatory");
  });

  it("makes config properties the schema defaults, which the CLI's config still overrides", async () => {
    const exemptions = [{ resource: "webhook-*", reason: "GitHub webhook, checks its signature" }];
    const composed = byName(
      opsguardPolicies({ "enforce-lambda-function-url-auth": { exemptions } }),
      "enforce-lambda-function-url-auth",
    );
    expect(composed.configSchema?.properties.exemptions.default).toEqual(exemptions);
    expect(await runResourcePolicy(composed, publicUrl)).toEqual({
      violations: [],
      notApplicable: "exempted: GitHub webhook, checks its signature",
      unknowns: [],
    });
    expect(
      await runResourcePolicy(composed, publicUrl, {
        "enforce-lambda-function-url-auth": { exemptions: [] },
      }),
    ).toEqual({
      violations: [
        {
          urn: urnOf(FUNCTION_URL, "webhook-url"),
          message: 'authorizationType is "NONE": anyone can invoke the function through its URL',
        },
      ],
      unknowns: [],
    });
    const original = byName(policies, "enforce-lambda-function-url-auth");
    expect(original.configSchema?.properties.exemptions.default).toEqual([]);
  });

  it("sets a policy's own property, keeping the others' defaults", () => {
    const composed = opsguardPolicies({
      "enable-s3-bucket-encryption": { sensitiveTag: "team:pii" },
    });
    const properties = composed.find((p) => p.name === "enable-s3-bucket-encryption")!.configSchema!
      .properties;
    expect(properties.sensitiveTag.default).toBe("team:pii");
    expect(properties.exemptions.default).toEqual([]);
  });

  it.each([
    [
      { "enforce-lambda-url-auth": "disabled" },
      PolicyOptionsError,
      /^"enforce-lambda-url-auth" is no opsguard policy; the policies are: .*enforce-lambda-function-url-auth/,
    ],
    [
      { "enable-lb-access-logs": { bucket: "logs" } },
      PolicyOptionsError,
      /^enable-lb-access-logs\.bucket is not a setting of enable-lb-access-logs; it takes enforcementLevel, exemptions$/,
    ],
    [
      { all: "strict" },
      PolicyOptionsError,
      /^all must be one of "advisory", "mandatory", "remediate", "disabled", not "strict"$/,
    ],
    [
      { "enable-lb-access-logs": { enforcementLevel: "off" } },
      PolicyOptionsError,
      /^enable-lb-access-logs\.enforcementLevel must be one of .*, not "off"$/,
    ],
    [
      { "enable-lb-access-logs": { exemptions: [{ resource: "lb" }] } },
      ExemptionConfigError,
      /^enable-lb-access-logs\.exemptions\[0\]\.reason must be a non-empty string$/,
    ],
  ])("refuses %j before the pack starts", (options, errorClass, message) => {
    const attempt = () => opsguardPolicies(options as Parameters<typeof opsguardPolicies>[0]);
    expect(attempt).toThrow(errorClass);
    expect(attempt).toThrow(message);
  });
});
