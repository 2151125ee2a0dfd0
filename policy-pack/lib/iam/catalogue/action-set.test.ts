import { ActionSet } from "./action-set";

/** The ids of a set among 0..199, for exact comparisons. */
const ids = (set: ActionSet) => set.idsInRange(0, 200);

describe("ActionSet", () => {
  const low = ActionSet.fromRanges([3, 6, 30, 34]);
  const high = ActionSet.fromRanges([33, 40, 130, 131]);

  test("fromRanges sets exactly the ids of its ranges, across word boundaries", () => {
    expect(ids(low)).toEqual([3, 4, 5, 30, 31, 32, 33]);
    expect(ids(high)).toEqual([33, 34, 35, 36, 37, 38, 39, 130]);
  });

  test.each([
    [
      "union",
      (a: ActionSet, b: ActionSet) => a.union(b),
      [3, 4, 5, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 130],
    ],
    ["intersect", (a: ActionSet, b: ActionSet) => a.intersect(b), [33]],
    ["subtract", (a: ActionSet, b: ActionSet) => a.subtract(b), [3, 4, 5, 30, 31, 32]],
  ])("%s", (_name, operation, expected) => {
    expect(ids(operation(low, high))).toEqual(expected);
  });

  test("an empty result is empty; disjoint sets do not intersect", () => {
    const far = ActionSet.fromRanges([150, 160]);
    expect(low.intersect(far).isEmpty()).toBe(true);
    expect(low.intersects(far)).toBe(false);
    expect(low.intersects(high)).toBe(true);
    expect(high.subtract(high).isEmpty()).toBe(true);
  });

  test("counts and full ranges inside and across words", () => {
    expect(high.countRange(0, 200)).toBe(8);
    expect(high.countRange(34, 131)).toBe(7);
    expect(high.hasRange(33, 40)).toBe(true);
    expect(high.hasRange(32, 40)).toBe(false);
    expect(ActionSet.fromRanges([0, 96]).hasRange(0, 96)).toBe(true);
  });

  test("containsKnown ignores the unknown names; unknown names take part in set operations", () => {
    const withName = ActionSet.fromRanges([3, 4], new Set(["newsvc:DoThing"]));
    expect(low.containsKnown(withName)).toBe(true);
    expect(withName.containsKnown(low)).toBe(false);
    expect([...withName.intersect(low).unknown]).toEqual([]);
    expect([...withName.union(low).unknown]).toEqual(["newsvc:DoThing"]);
    expect(ActionSet.fromRanges([], new Set(["newsvc:DoThing"])).isEmpty()).toBe(false);
  });
});
