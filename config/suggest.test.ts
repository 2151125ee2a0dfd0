import { closest, editDistance } from "./suggest";

describe("editDistance", () => {
  test.each([
    ["stack", "stack", 0],
    ["stak", "stack", 1],
    ["eu-wst-1", "eu-west-1", 1],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
  ])("%s → %s: %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe("closest", () => {
  test.each([
    { name: "stak", expected: "stack" },
    { name: "endpiont", expected: "endpoint" },
    { name: "region", expected: "region" },
    { name: "zzz", expected: undefined },
  ])("$name → $expected", ({ name, expected }) => {
    expect(closest(name, ["stack", "endpoint", "region", "json"])).toBe(expected);
  });

  test("a region typo finds the region", () => {
    expect(closest("eu-wst-1", ["eu-west-1", "eu-west-2", "us-west-1"])).toBe("eu-west-1");
  });
});
