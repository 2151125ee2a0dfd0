import { BadParameterError } from "./errors";
import { parseListingQuery } from "./query";

describe("parseListingQuery", () => {
  test("no query: no prefix, 100 keys, no token", () => {
    expect(parseListingQuery(undefined, "")).toEqual({
      prefix: undefined,
      maxKeys: 100,
      continuationToken: undefined,
    });
  });

  test("every parameter given", () => {
    expect(
      parseListingQuery(
        { prefix: "reports/2025/", maxKeys: "1000", continuationToken: "1a2b3c" },
        "prefix=reports%2F2025%2F&maxKeys=1000&continuationToken=1a2b3c",
      ),
    ).toEqual({ prefix: "reports/2025/", maxKeys: 1000, continuationToken: "1a2b3c" });
  });

  test("an empty prefix lists the whole bucket", () => {
    expect(parseListingQuery({ prefix: "" }, "prefix=").prefix).toBeUndefined();
  });

  test("a prefix may hold commas when given once", () => {
    expect(parseListingQuery({ prefix: "a,b" }, "prefix=a%2Cb").prefix).toBe("a,b");
  });

  test.each([
    [
      { maxKeys: "0" },
      "maxKeys=0",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "0"',
    ],
    [
      { maxKeys: "1001" },
      "maxKeys=1001",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "1001"',
    ],
    [
      { maxKeys: "abc" },
      "maxKeys=abc",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "abc"',
    ],
    [
      { maxKeys: "2.5" },
      "maxKeys=2.5",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "2.5"',
    ],
    [
      { maxKeys: "-1" },
      "maxKeys=-1",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "-1"',
    ],
    [{ maxKeys: "" }, "maxKeys=", "maxKeys", 'maxKeys must be an integer from 1 to 1000, got ""'],
    [
      { maxKeys: "1e2" },
      "maxKeys=1e2",
      "maxKeys",
      'maxKeys must be an integer from 1 to 1000, got "1e2"',
    ],
    [{ maxKeys: "10,20" }, "maxKeys=10&maxKeys=20", "maxKeys", "maxKeys must be given once"],
    [{ prefix: "a,b" }, "prefix=a&prefix=b", "prefix", "prefix must be given once"],
    [{ prefix: "é".repeat(513) }, "prefix=long", "prefix", "prefix must be at most 1024 bytes"],
    [
      { continuationToken: "" },
      "continuationToken=",
      "continuationToken",
      "continuationToken must be the nextContinuationToken of a previous page",
    ],
    [
      { limit: "5" },
      "limit=5",
      "limit",
      "limit is not a parameter of GET /objects (expected prefix, maxKeys, continuationToken)",
    ],
  ])("%j is refused, naming %s", (parameters, raw, parameter, message) => {
    let caught: unknown;
    try {
      parseListingQuery(parameters as Record<string, string>, raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadParameterError);
    expect(caught).toMatchObject({ name: "BadParameterError", parameter, message });
  });

  test("a prefix of exactly 1024 bytes is accepted", () => {
    expect(parseListingQuery({ prefix: "k".repeat(1024) }, "").prefix).toHaveLength(1024);
  });
});
