import type { ResourceValidationPolicy, Severity } from "@pulumi/policy";

/**
 * Where a policy comes from: its severity and the rule of each anchor pack it matches, carried on
 * the policy as `severity` and `tags` (`awsguard:<name>`, `compliance-policies:<name>`,
 * `cdk-nag:<Pack>-<id>`), so that the docs table and the engine read the same facts.
 */
export interface Provenance {
  readonly severity: Severity;
  /** Policy names of @pulumi/awsguard (pulumi/pulumi-policy-aws). */
  readonly awsguard?: readonly string[];
  /** Policy names of pulumi/compliance-policies. */
  readonly compliancePolicies?: readonly string[];
  /**
   * cdk-nag rules: the AwsSolutions id as cdk-nag reports it (`AwsSolutions-RDS2`), else the rule's
   * name (`EC2IMDSv2Enabled`) as cdk-nag's other packs (NIST 800-53, PCI DSS, HIPAA) apply it.
   */
  readonly cdkNag?: readonly string[];
}

const ANCHOR_TAGS = {
  awsguard: "awsguard",
  compliancePolicies: "compliance-policies",
  cdkNag: "cdk-nag",
} as const;

/** The policy with its severity and anchor tags set. */
export function withProvenance(
  policy: ResourceValidationPolicy,
  provenance: Provenance,
): ResourceValidationPolicy {
  const tags = (Object.keys(ANCHOR_TAGS) as (keyof typeof ANCHOR_TAGS)[]).flatMap((key) =>
    (provenance[key] ?? []).map((rule) => `${ANCHOR_TAGS[key]}:${rule}`),
  );
  return { ...policy, severity: provenance.severity, tags };
}
