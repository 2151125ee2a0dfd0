import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
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
  /** Policy-specific config properties, beside `exemptions` which every policy accepts. */
  readonly config?: Record<string, PolicyConfigJSONSchema>;
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
  const { types, check, config: _config, ...metadata } = meta;
  return {
    ...metadata,
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
  const { types, check, config: _config, ...metadata } = meta;
  return {
    ...metadata,
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
