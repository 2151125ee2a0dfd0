import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  Severity,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { exemptionsSchema, findExemption, parseExemptions } from "./exemptions";
import { raw, UnknownCollector } from "./unknown";

/** Pack metadata, apart from the rule logic (cdk-nag's split). */
export interface PolicyMeta {
  /** kebab-case, built from a verb: `enable-…`, `disallow-…`, `configure-…`, `enforce-…`. */
  readonly name: string;
  /** The risk, in one sentence. */
  readonly description: string;
  /** What to change to comply. */
  readonly remediationSteps: string;
  /** The AWS documentation of the control. */
  readonly url: string;
  readonly enforcementLevel: Extract<EnforcementLevel, "advisory" | "mandatory">;
  /** How bad a violation is: `critical` exposes data or access, `low` is hygiene. */
  readonly severity: Severity;
  /** The rules of the anchor packs this policy matches; `{}` when none has one. */
  readonly matches: PolicyMatches;
  /** Policy-specific config properties, beside `exemptions` which every policy accepts. */
  readonly config?: Record<string, PolicyConfigJSONSchema>;
}

/** The rules of other packs a policy matches, each list in that pack's own spelling. */
export interface PolicyMatches {
  /** Policy names of @pulumi/awsguard (`rds-storage-encrypted`). */
  readonly awsguard?: readonly string[];
  /** Policy names of pulumi/compliance-policies (`aws-rds-instance-storage-encrypted`). */
  readonly compliancePolicies?: readonly string[];
  /**
   * Rule ids as cdk-nag reports them: the AwsSolutions id (`AwsSolutions-RDS2`), else
   * `<pack>-<rule>` of the first of its other packs that applies the rule
   * (`Serverless-LambdaLatestVersion`, `NIST.800.53.R5-ELBDeletionProtectionEnabled`).
   */
  readonly cdkNag?: readonly string[];
}

/** The tag prefix of each anchor pack. */
export const MATCH_TAG_PREFIXES = {
  awsguard: "awsguard",
  compliancePolicies: "compliance-policies",
  cdkNag: "cdk-nag",
} as const satisfies Record<keyof PolicyMatches, string>;

/** The policy's `tags`: `awsguard:<name>`, `compliance-policies:<name>`, `cdk-nag:<id>`, in that order. */
export function matchTags(matches: PolicyMatches): string[] {
  return (Object.keys(MATCH_TAG_PREFIXES) as (keyof PolicyMatches)[]).flatMap((pack) =>
    (matches[pack] ?? []).map((rule) => `${MATCH_TAG_PREFIXES[pack]}:${rule}`),
  );
}

/** What the engine does not carry of a policy: its kind, its resource types and its matches. */
export interface PolicyDetails {
  readonly kind: "resource" | "stack";
  readonly types: readonly string[];
  readonly matches: PolicyMatches;
}

const DETAILS = new Map<string, PolicyDetails>();

/** The details of a policy made by `resourcePolicy` or `stackPolicy`, by its name. */
export function policyDetails(name: string): PolicyDetails | undefined {
  return DETAILS.get(name);
}

function configSchema(meta: PolicyMeta): PolicyConfigSchema {
  return { properties: { ...meta.config, exemptions: exemptionsSchema } };
}

export interface ResourceCheck {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** The plain props (the unknown-checking proxy removed); test values with `isUnknown`. */
  readonly props: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly report: (message: string) => void;
  readonly unknown: (property: string) => void;
}

/** A resource policy for `types`: not applicable to other types and to exempted resources. */
export function resourcePolicy(
  meta: PolicyMeta & {
    readonly types: readonly string[];
    readonly check: (resource: ResourceCheck) => void | Promise<void>;
  },
): ResourceValidationPolicy {
  const { types, check, config: _config, matches, ...metadata } = meta;
  DETAILS.set(meta.name, { kind: "resource", types, matches });
  return {
    ...metadata,
    tags: matchTags(matches),
    configSchema: configSchema(meta),
    validateResource: async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!types.includes(args.type)) args.notApplicable(`applies only to ${types.join(", ")}`);
      const config = args.getConfig<Record<string, unknown>>();
      const exemption = findExemption(parseExemptions(meta.name, config.exemptions), args);
      if (exemption) args.notApplicable(`exempted: ${exemption.reason}`);
      const unknowns = new UnknownCollector();
      await check({
        urn: args.urn,
        name: args.name,
        type: args.type,
        props: raw(args.props),
        config,
        report: (message) => reportViolation(message),
        unknown: (property) => unknowns.add(args.urn, property),
      });
      unknowns.throwIfAny();
    },
  };
}

/** A resource of the stack as stack policies see it: plain props, parent and dependencies as URNs. */
export interface StackResource {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly parent?: string;
  /** The URNs each input property depended on (empty under the mock runtime). */
  readonly propertyDependencies: Record<string, string[]>;
}

export interface StackCheck {
  readonly resources: readonly StackResource[];
  readonly config: Record<string, unknown>;
  readonly report: (urn: string, message: string) => void;
  readonly unknown: (urn: string, property: string) => void;
}

/** A stack policy, not applicable when the stack has none of `types`; exempted URNs are skipped. */
export function stackPolicy(
  meta: PolicyMeta & {
    readonly types: readonly string[];
    readonly check: (stack: StackCheck) => void | Promise<void>;
  },
): StackValidationPolicy {
  const { types, check, config: _config, matches, ...metadata } = meta;
  DETAILS.set(meta.name, { kind: "stack", types, matches });
  return {
    ...metadata,
    tags: matchTags(matches),
    configSchema: configSchema(meta),
    validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const config = args.getConfig<Record<string, unknown>>();
      const exemptions = parseExemptions(meta.name, config.exemptions);
      const resources: StackResource[] = args.resources.map((resource) => ({
        urn: resource.urn,
        name: resource.name,
        type: resource.type,
        props: raw(resource.props),
        parent: resource.parent?.urn,
        propertyDependencies: Object.fromEntries(
          Object.entries(resource.propertyDependencies ?? {}).map(([key, deps]) => [
            key,
            deps.map((dep) => dep.urn),
          ]),
        ),
      }));
      if (!resources.some((resource) => types.includes(resource.type))) {
        args.notApplicable(`the stack has no ${types.join(", ")}`);
      }
      const exempt = (urn: string) => findExemption(exemptions, { urn }) !== undefined;
      const unknowns = new UnknownCollector();
      await check({
        resources,
        config,
        report: (urn, message) => {
          if (!exempt(urn)) reportViolation(message, urn);
        },
        unknown: (urn, property) => {
          if (!exempt(urn)) unknowns.add(urn, property);
        },
      });
      unknowns.throwIfAny();
    },
  };
}
