import { KNOWN_REGIONS, loadStackConfig } from "./stack";

const devLike = {
  "aws:region": "eu-west-1",
  "opsguard:tags": JSON.stringify({ team: "platform" }),
  "opsguard:alerts": JSON.stringify({ emails: ["oncall@example.com"] }),
  "opsguard:trailBackup": JSON.stringify({ sourceBucketName: "acme-org-cloudtrail-logs" }),
};

describe("loadStackConfig", () => {
  test("parses each enabled component's object and ignores other namespaces", () => {
    expect(loadStackConfig(devLike)).toEqual({
      tags: { team: "platform" },
      alerts: { emails: ["oncall@example.com"] },
      trailBackup: { sourceBucketName: "acme-org-cloudtrail-logs" },
    });
  });

  test("a stack without opsguard:alerts fails: its failures would page nobody", () => {
    const { ["opsguard:alerts"]: _alerts, ...withoutAlerts } = devLike;
    expect(() => loadStackConfig(withoutAlerts)).toThrow(
      "opsguard:alerts is required: every component's failure alarms notify it, so set its emails (or slack)",
    );
  });

  test("an unknown opsguard key fails with its name and the known keys", () => {
    expect(() => loadStackConfig({ ...devLike, "opsguard:codeWatch": "{}" })).toThrow(
      "unknown stack config key opsguard:codeWatch; known keys: opsguard:tags, opsguard:alerts, opsguard:codeWatcher, opsguard:policyMonitor, opsguard:secretSync, opsguard:trailBackup, opsguard:listingApi",
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

  test.each([
    {
      region: "eu-wst-1",
      message: 'aws:region: "eu-wst-1" is not a region @pulumi/aws knows; did you mean eu-west-1?',
    },
    {
      region: "us-east1",
      message: 'aws:region: "us-east1" is not a region @pulumi/aws knows; did you mean us-east-1?',
    },
    {
      region: "mars-1",
      message: `aws:region: "mars-1" is not a region @pulumi/aws knows (known: ${KNOWN_REGIONS.join(", ")})`,
    },
  ])("aws:region $region is refused: $message", ({ region, message }) => {
    expect(() => loadStackConfig({ ...devLike, "aws:region": region })).toThrow(message);
  });

  test("every region of @pulumi/aws is accepted", () => {
    for (const region of ["eu-west-1", "us-east-1", "ap-southeast-7", "us-gov-west-1"]) {
      expect(KNOWN_REGIONS).toContain(region);
      expect(() => loadStackConfig({ ...devLike, "aws:region": region })).not.toThrow();
    }
  });
});
