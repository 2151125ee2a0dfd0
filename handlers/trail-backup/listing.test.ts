import { BackupListing, compareKeys, isBackedUp, isOldEnough, type ListedObject } from "./listing";

const at = (iso: string) => new Date(iso);
const object = (overrides: Partial<ListedObject> = {}): ListedObject => ({
  key: "a.json",
  size: 10,
  etag: '"abc"',
  lastModified: at("2025-01-01T00:00:00Z"),
  ...overrides,
});

describe("isOldEnough", () => {
  test.each([
    ["85 days minus 1 ms", "2025-03-26T23:59:59.999Z", false],
    ["exactly 85 days", "2025-03-27T00:00:00.000Z", true],
    ["86 days", "2025-03-28T00:00:00.000Z", true],
    ["modified after asOf", "2024-12-31T00:00:00.000Z", false],
  ])("%s → %s", (_name, asOf, expected) => {
    expect(isOldEnough(at("2025-01-01T00:00:00Z"), at(asOf), 85)).toBe(expected);
  });
});

describe("isBackedUp", () => {
  test.each([
    ["no backup", undefined, false],
    ["same size and ETag", object(), true],
    [
      "same size, other ETag, written after the source (SSE-KMS)",
      object({ etag: '"kms"', lastModified: at("2025-03-27T00:00:00Z") }),
      true,
    ],
    [
      "same size, other ETag, older than the source (source rewritten)",
      object({ etag: '"old"', lastModified: at("2024-12-31T00:00:00Z") }),
      false,
    ],
    [
      "other size, written after the source",
      object({ size: 11, lastModified: at("2025-03-27T00:00:00Z") }),
      false,
    ],
  ])("%s → %s", (_name, backup, expected) => {
    expect(isBackedUp(object(), backup)).toBe(expected);
  });
});

test("compareKeys orders by UTF-8 bytes, as S3 lists, not by UTF-16 code units", () => {
  // U+FF21 sorts before U+1F600 in UTF-8 (EF… < F0…) but after it in UTF-16 (FF21 > D83D).
  expect(compareKeys("\uFF21", "😀")).toBeLessThan(0);
  expect("\uFF21" < "😀").toBe(false);
  expect(compareKeys("a", "a")).toBe(0);
});

test("BackupListing reads pages lazily and finds keys asked for in ascending order", async () => {
  const pagesRead: number[] = [];
  const pages = [
    [object({ key: "b/1" }), object({ key: "b/3" })],
    [object({ key: "b/5" }), object({ key: "b/\uFF21" }), object({ key: "b/😀" })],
  ];
  const listing = new BackupListing(async function* () {
    for (const [index, page] of pages.entries()) {
      pagesRead.push(index);
      yield page;
    }
  });

  expect(pagesRead).toEqual([]);
  expect((await listing.find("b/1"))?.key).toBe("b/1");
  expect(pagesRead).toEqual([0]);
  expect(await listing.find("b/2")).toBeUndefined();
  expect((await listing.find("b/5"))?.key).toBe("b/5");
  expect((await listing.find("b/😀"))?.key).toBe("b/😀");
  expect(await listing.find("c")).toBeUndefined();
  expect(pagesRead).toEqual([0, 1]);
});
