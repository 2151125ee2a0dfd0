import { setClock } from "./clock";

describe("setClock", () => {
  test("new Date() and Date.now() start at the chosen instant and tick on; parsing is unchanged", () => {
    const realStart = Date.now();
    const restore = setClock(new Date("2030-01-01T00:00:00Z"));
    try {
      const shifted = new Date().getTime();
      expect(shifted).toBeGreaterThanOrEqual(Date.parse("2030-01-01T00:00:00Z"));
      expect(shifted).toBeLessThan(Date.parse("2030-01-01T00:01:00Z"));
      expect(Date.now()).toBeGreaterThanOrEqual(shifted);
      expect(new Date("2025-01-31T00:00:00Z").toISOString()).toBe("2025-01-31T00:00:00.000Z");
      expect(new Date(0).getTime()).toBe(0);
      expect(new Date() instanceof Date).toBe(true);
    } finally {
      restore();
    }
    expect(Date.now() - realStart).toBeLessThan(60_000);
  });

  test("an invalid instant is refused", () => {
    expect(() => setClock(new Date("soon"))).toThrow("setClock: the instant is not a date");
  });
});
