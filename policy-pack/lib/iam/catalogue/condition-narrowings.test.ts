import type { ConditionBlock } from "../conditions";
import { defaultCatalogue } from "./catalogue";
import { CONDITION_NARROWINGS, narrowingsOf } from "./condition-narrowings";

describe("narrowingsOf", () => {
  test.each<[string, ConditionBlock]>([
    ["StringEquals", { StringEquals: { "s3express:SessionMode": "ReadOnly" } }],
    ["a list of allowed values", { StringEquals: { "s3express:SessionMode": ["ReadOnly"] } }],
    [
      "StringEqualsIgnoreCase, key in another case",
      { StringEqualsIgnoreCase: { "S3Express:sessionmode": "readonly" } },
    ],
    ["StringLike without a wildcard", { StringLike: { "s3express:SessionMode": "ReadOnly" } }],
  ])("%s pins s3express:SessionMode to ReadOnly", (_case, condition) => {
    expect(narrowingsOf(condition).map((narrowing) => narrowing.action)).toEqual([
      "s3express:CreateSession",
    ]);
  });

  test.each<[string, ConditionBlock]>([
    [
      "ReadWrite among the values",
      { StringEquals: { "s3express:SessionMode": ["ReadOnly", "ReadWrite"] } },
    ],
    [
      "IfExists, which a request without the key passes",
      { StringEqualsIfExists: { "s3express:SessionMode": "ReadOnly" } },
    ],
    ["a wildcard", { StringLike: { "s3express:SessionMode": "Read*" } }],
    ["a negated operator", { StringNotEquals: { "s3express:SessionMode": "ReadWrite" } }],
    ["another key", { StringEquals: { "aws:RequestedRegion": "ReadOnly" } }],
  ])("%s narrows nothing", (_case, condition) => {
    expect(narrowingsOf(condition)).toEqual([]);
  });

  test("every narrowing names an action of the catalogue", () => {
    const catalogue = defaultCatalogue();
    expect(
      CONDITION_NARROWINGS.filter(
        (narrowing) => catalogue.canonicalName(narrowing.action) !== narrowing.action,
      ),
    ).toEqual([]);
  });
});
