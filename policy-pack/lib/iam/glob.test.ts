import { globCovers, globToRegExp, hasWildcard, matchesGlob } from "./glob";

describe("matchesGlob", () => {
  test.each([
    // `*`: any run of characters, none included
    ["s3:*", "s3:GetObject", true],
    ["s3:*", "s3:", true],
    ["iam:Put*Policy", "iam:PutRolePolicy", true],
    ["iam:Put*Policy", "iam:PutRolePolicyX", false],
    ["*", "", true],
    // `?`: exactly one character
    ["sts:AssumeRole?ith*", "sts:AssumeRoleWithSAML", true],
    ["HIGH-?", "HIGH-1", true],
    ["HIGH-?", "HIGH-", false],
    ["HIGH-?", "HIGH-12", false],
    // regex metacharacters match only themselves
    ["scratch.bucket", "scratch.bucket", true],
    ["scratch.bucket", "scratch-bucket", false],
    ["a+b", "a+b", true],
    ["a+b", "aab", false],
    ["arn:aws:iam::*:role/ops/*", "arn:aws:iam::123456789012:role/ops/deploy", true],
    ["arn:aws:iam::*:role/ops/*", "arn:aws:iam::123456789012:role/dev/deploy", false],
    ["f(x)", "f(x)", true],
    ["f(x)", "fx", false],
    ["[ab]", "a", false],
    ["$^|{1}\\", "$^|{1}\\", true],
    // anchored at both ends
    ["role/ops", "arn:aws:iam::1:role/ops", false],
    ["role/ops", "role/ops/deploy", false],
    ["*role/ops", "arn:aws:iam::1:role/ops", true],
  ])("%s matches %j: %s", (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected);
  });
});

describe("case sensitivity", () => {
  test.each([
    ["S3:getobject", "s3:GetObject", { ignoreCase: true }, true],
    ["iam:pass*", "iam:PassRole", { ignoreCase: true }, true],
    ["S3:getobject", "s3:GetObject", {}, false],
    ["arn:aws:iam::*:role/Ops*", "arn:aws:iam::1:role/ops-admin", {}, false],
    ["arn:aws:iam::*:role/Ops*", "arn:aws:iam::1:role/Ops-admin", {}, true],
  ])("%s against %s with %j: %s", (pattern, value, options, expected) => {
    expect(matchesGlob(pattern, value, options)).toBe(expected);
  });
});

test.each([
  ["s3:*", ".*", "^s3:.*$"],
  ["a?b", "?", "^a.b$"],
  ["a.b/c", "metacharacters", "^a\\.b\\/c$"],
])("globToRegExp(%s) turns %s into %s", (pattern, _what, source) => {
  expect(globToRegExp(pattern).source).toBe(source);
});

test.each([
  ["s3:GetObject", false],
  ["s3:Get*", true],
  ["s3:?etObject", true],
])("hasWildcard(%s) is %s", (pattern, expected) => {
  expect(hasWildcard(pattern)).toBe(expected);
});

test.each([
  ["arn:aws:iam::1:role/*", "arn:aws:iam::1:role/*", true],
  ["*", "arn:aws:iam::1:role/app-*", true],
  ["arn:aws:iam::1:role/*", "arn:aws:iam::1:role/app-*", true],
  ["arn:aws:iam::1:role/*", "arn:aws:iam::1:role/app", true],
  ["arn:aws:iam::1:role/app-*", "arn:aws:iam::1:role/*", false],
  ["arn:aws:iam::1:role/app", "arn:aws:iam::1:role/app-*", false],
  ["arn:aws:iam::?:role/*", "arn:aws:iam::1:role/a*", false],
  ["arn:aws:iam::1:role/*", "arn:aws:iam::*:role/app", false],
])("globCovers(%s, %s) is %s", (outer, inner, expected) => {
  expect(globCovers(outer, inner)).toBe(expected);
});
