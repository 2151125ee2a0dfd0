import type {
  ResourceValidationPolicy,
  StackValidationPolicy,
  ResourceValidation,
} from "@pulumi/policy";
import {
  NotApplicableError,
  resolvePolicyConfig,
  resourceValidationArgs,
  stackValidationArgs,
} from "../../tools/mock-runtime/evaluate-policies";
import { PreviewUnknownError } from "../lib/unknown";

/** What one run of one policy produced: violations, or why it did not apply, or what was unknown. */
export interface PolicyRun {
  readonly violations: { urn: string; message: string }[];
  readonly notApplicable?: string;
  readonly unknowns: string[];
}

export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Property → URNs it depends on, as the engine reports during a preview. */
  readonly propertyDependencies?: Record<string, string[]>;
}

export const urnOf = (type: string, name: string) => `urn:pulumi:dev::opsguard::${type}::${name}`;

async function capture(
  run: (report: (message: string, urn?: string) => void) => unknown,
  urn: string,
): Promise<PolicyRun> {
  const violations: { urn: string; message: string }[] = [];
  try {
    await run((message, reportedUrn) => violations.push({ urn: reportedUrn ?? urn, message }));
  } catch (error) {
    if (error instanceof NotApplicableError)
      return { violations, notApplicable: error.reason, unknowns: [] };
    if (error instanceof PreviewUnknownError) {
      return { violations, unknowns: error.unknowns.map((u) => `${u.property} of ${u.urn}`) };
    }
    throw error;
  }
  return { violations, unknowns: [] };
}

/** Calls a resource policy's `validateResource` with hand-built args, as the server would. */
export function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  const urn = urnOf(resource.type, resource.name);
  const args = resourceValidationArgs(
    { urn, type: resource.type, name: resource.name, inputs: resource.props },
    resolvePolicyConfig(policy, config).properties,
  );
  return capture((report) => (policy.validateResource as ResourceValidation)(args, report), urn);
}

/** Calls a stack policy's `validateStack` with hand-built resources (their props as state). */
export function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  const args = stackValidationArgs(
    resources.map((r) => ({
      urn: urnOf(r.type, r.name),
      type: r.type,
      name: r.name,
      state: r.props,
    })),
    resolvePolicyConfig(policy, config).properties,
  );
  args.resources.forEach((resource, index) => {
    const byUrn = (urn: string) => args.resources.find((r) => r.urn === urn)!;
    for (const [key, urns] of Object.entries(resources[index].propertyDependencies ?? {})) {
      resource.propertyDependencies[key] = urns.map(byUrn);
    }
  });
  return capture((report) => policy.validateStack(args, report), "");
}
