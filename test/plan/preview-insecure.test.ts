import { join } from "node:path";
import { evaluatePolicies } from "../../tools/mock-runtime/evaluate-policies";
import { runProgram } from "../../tools/mock-runtime/run-program";
import { readStackConfig } from "../../tools/mock-runtime/stack-config";

const PROGRAM_DIR = join(__dirname, "..", "..", "examples", "insecure");

describe("a first preview of the insecure sample, as the engine runs it", () => {
  let violations: Awaited<ReturnType<typeof evaluatePolicies>>;
  let bucketState: Record<string, unknown>;

  beforeAll(async () => {
    const { resources } = await runProgram({
      program: () => import("../../examples/insecure/index"),
      config: readStackConfig(PROGRAM_DIR, "dev"),
      preview: true,
    });
    bucketState = resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.state;
    violations = await evaluatePolicies(resources);
  }, 120_000);

  test("outputs of resources not created yet are unknown", () => {
    expect(bucketState.arn).toBeUndefined();
    expect(bucketState.bucket).toBeUndefined();
  });

  test("bucket companions are judged through their property dependencies: mandatory, not 'cannot be checked'", () => {
    const companions = violations
      .filter((v) =>
        /bucket(Versioning|ServerSideEncryptionConfiguration|PublicAccessBlock):/.test(v.urn),
      )
      .map((v) => [v.policy, v.enforcementLevel, v.urn.slice(v.urn.lastIndexOf("::") + 2)]);
    expect(companions.sort()).toEqual([
      ["enable-s3-bucket-encryption", "mandatory", "public-data-encryption"],
      ["enable-s3-bucket-versioning", "mandatory", "public-data-versioning"],
      ["enable-s3-public-access-block", "mandatory", "public-data-public-access"],
    ]);
    expect(violations.filter((v) => /cannot be checked.*bucket of/.test(v.message))).toEqual([]);
  });

  test("a document built from an unknown ARN is reported as undecidable, as the engine would", () => {
    const policyFindings = violations.filter((v) => v.urn.endsWith("::public-data-policy"));
    expect(policyFindings.length).toBeGreaterThan(0);
    expect(policyFindings.every((v) => v.enforcementLevel === "advisory")).toBe(true);
    expect(policyFindings.every((v) => v.message.includes("cannot be checked"))).toBe(true);
  });
});
