import type { ResourceValidationPolicy } from "@pulumi/policy";
import { runResourcePolicy, urnOf } from "./run-policy";

/**
 * One resource type of a resource policy: a compliant baseline, the changes that fail it with
 * their exact messages, and a change that leaves a value unknown during preview.
 */
export interface PolicyCase {
  readonly policy: ResourceValidationPolicy;
  readonly type: string;
  readonly baseline: Record<string, unknown>;
  /** A change to the baseline (shallow) and the message, or messages, it draws. */
  readonly failing: readonly (readonly [Record<string, unknown>, string | readonly string[]])[];
  /** A change that makes a value unknown, and the property the policy names. */
  readonly unknown: readonly [Record<string, unknown>, string];
  /** Policy config for every run of this case. */
  readonly config?: Record<string, unknown>;
}

/** `storageEncrypted: false`, `without storageEncrypted`: a change as a test title. */
function describeChange(change: Record<string, unknown>): string {
  return Object.entries(change)
    .map(([key, value]) =>
      value === undefined ? `without ${key}` : `${key}: ${JSON.stringify(value)}`,
    )
    .join(", ");
}

/** The standard tests of each case: baseline, failing changes, unknown, exemption, other types. */
export function describePolicyCases(cases: readonly PolicyCase[]): void {
  describe.each(cases.map((c) => [`${c.policy.name} on ${c.type}`, c] as const))("%s", (_, c) => {
    const run = (
      props: Record<string, unknown>,
      type = c.type,
      config: Record<string, unknown> = {},
    ) =>
      runResourcePolicy(
        c.policy,
        { type, name: "r", props },
        { [c.policy.name]: { ...c.config, ...config } },
      );

    test("the compliant baseline passes", async () => {
      expect(await run(c.baseline)).toEqual({ violations: [], unknowns: [] });
    });

    test.each(c.failing.map(([change, messages]) => [describeChange(change), change, messages]))(
      "%s fails",
      async (_title, change, messages) => {
        const expected = (typeof messages === "string" ? [messages] : messages).map((message) => ({
          urn: urnOf(c.type, "r"),
          message,
        }));
        expect(await run({ ...c.baseline, ...change })).toEqual({
          violations: expected,
          unknowns: [],
        });
      },
    );

    test("an unknown value cannot be checked during preview", async () => {
      const [change, property] = c.unknown;
      expect(await run({ ...c.baseline, ...change })).toEqual({
        violations: [],
        unknowns: [`${property} of ${urnOf(c.type, "r")}`],
      });
    });

    test("an exempted resource is not checked, and the reason is kept", async () => {
      const [change] = c.failing[0];
      const exemptions = [{ resource: "r", reason: "reviewed in SEC-12" }];
      expect(await run({ ...c.baseline, ...change }, c.type, { exemptions })).toEqual({
        violations: [],
        notApplicable: "exempted: reviewed in SEC-12",
        unknowns: [],
      });
    });

    test("not applicable to other types", async () => {
      expect((await run(c.baseline, "aws:s3/bucket:Bucket")).notApplicable).toMatch(
        /^applies only to /,
      );
    });
  });
}
