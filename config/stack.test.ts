import { loadStackConfig } from "./stack";

const devLike = {
  "aws:region": "eu-west-1",
  "opsguard:tags": JSON.stringify({ team: "platform" }),
  "opsguard:trailBackup": JSON.stringify({ sourceBucketName: "acme-org-cloudtrail-logs" }),
};

describe("loadStackConfig", () => {
  test("parses each enabled component's object and ignores other namespaces", () => {
    expect(loadStackConfig(devLike)).toEqual({
      tags: { team: "platform" },
      trailBackup: { sourceBucketName: "acme-org-cloudtrail-logs" },
    });
  });

  test("an unknown opsguard key fails with its name and the known keys", () => {
    expect(() => loadStackConfig({ ...devLike, "opsguard:codeWatch": "{}" })).toThrow(
      "unknown stack config key opsguard:codeWatch; known keys: opsguard:tags, opsguard:codeWatcher, opsguard:policyMonitor, opsguard:secretSync, opsguard:trailBackup, opsguard:listingApi",
    );
  });

  test("a bad value fails with the full path of the bad field", () => {
    const bad = { ...devLike, "opsguard:trailBackup": JSON.stringify({ sourceBucketName: 42 }) };
    expect(() => loadStackConfig(bad)).toThrow(
      /^invalid stack config:\n  opsguard:trailBackup\.sourceBucketName: /,
    );
  });

  test("an unknown field inside a component's object is an error naming it", () => {
    const bad = {
      ...devLike,
      "opsguard:trailBackup": JSON.stringify({ sourceBucketName: "b", thresholdDay: 85 }),
    };
    expect(() => loadStackConfig(bad)).toThrow(/opsguard:trailBackup: .*thresholdDay/);
  });

  test("a missing required field is named", () => {
    const bad = { ...devLike, "opsguard:trailBackup": "{}" };
    expect(() => loadStackConfig(bad)).toThrow(/opsguard:trailBackup\.sourceBucketName: /);
  });

  test("a stack that enables no component is an error", () => {
    expect(() => loadStackConfig({ "aws:region": "eu-west-1" })).toThrow(
      "no component is enabled: set at least one of opsguard:codeWatcher, opsguard:policyMonitor, opsguard:secretSync, opsguard:trailBackup, opsguard:listingApi",
    );
  });
});
