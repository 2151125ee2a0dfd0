import { CONFIG_CACHE_TTL_SECONDS } from "../../../contracts/policy-monitor";
import { cachedFor } from "./config-object";

describe("cachedFor", () => {
  test("keeps a value for CONFIG_CACHE_TTL_SECONDS by default, then loads again", async () => {
    let now = 1_000;
    let version = 0;
    const load = cachedFor(async () => ++version, { now: () => now });

    expect(await load()).toBe(1);
    now += CONFIG_CACHE_TTL_SECONDS * 1000 - 1;
    expect(await load()).toBe(1);
    now += 1;
    expect(await load()).toBe(2);
  });

  test("does not keep a failure: the next call loads again", async () => {
    const outcomes = [new Error("s3://b/k: NoSuchKey"), "ok"];
    const load = cachedFor(async () => {
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    });

    await expect(load()).rejects.toThrow("s3://b/k: NoSuchKey");
    expect(await load()).toBe("ok");
    expect(await load()).toBe("ok");
  });
});
