import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  PreviewUnknownError,
  UNKNOWN,
  UnknownValueError,
  isUnknown,
  unknownCheckingProxy,
} from "../../policy-pack/lib/unknown";
import type { PlannedResource } from "./run-program";

export interface Violation {
  readonly policy: string;
  /** The resource in violation; empty for a finding about the stack as a whole. */
  readonly urn: string;
  readonly message: string;
  readonly enforcementLevel: "advisory" | "mandatory" | "disabled";
}

export interface EvaluateOptions {
  /**
   * The policy pack config, shaped as for `--policy-pack-config`: policy name (or `all`) →
   * an enforcement level, or `{ enforcementLevel?, ...properties }`. Unknown policies and
   * properties are errors.
   */
  readonly config?: Record<string, unknown>;
  /** The policies to run. Defaults to the opsguard pack. */
  readonly policies?: Policies;
}

/** Thrown for a policy pack config the pack cannot honour; says which key is wrong. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

/** What `args.notApplicable()` throws, as in `@pulumi/policy`'s server. */
export class NotApplicableError extends Error {
  readonly reason?: string;
  constructor(reason?: string) {
    super(reason ?? "Policy does not apply");
    this.name = "NotApplicableError";
    this.reason = reason;
  }
}

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

interface ResolvedConfig {
  readonly enforcementLevel: "advisory" | "mandatory" | "disabled";
  readonly properties: Record<string, unknown>;
}

/** Applies `--policy-pack-config` to one policy: its level, and its properties over schema defaults. */
export function resolvePolicyConfig(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  config: Record<string, unknown> = {},
): ResolvedConfig {
  const levelOf = (value: unknown, where: string): EnforcementLevel | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !LEVELS.includes(value)) {
      throw new PolicyConfigError(`${where} must be one of ${LEVELS.join(", ")}`);
    }
    return value as EnforcementLevel;
  };
  const entry = config[policy.name];
  const own = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {};
  const { enforcementLevel: ownLevel, ...properties } = own;
  const schema = policy.configSchema?.properties ?? {};
  const unknownKeys = Object.keys(properties).filter((key) => !(key in schema));
  if (unknownKeys.length > 0) {
    throw new PolicyConfigError(
      `${policy.name} has unknown config keys: ${unknownKeys.join(", ")}`,
    );
  }
  const level =
    (typeof entry === "string" ? levelOf(entry, policy.name) : undefined) ??
    levelOf(ownLevel, `${policy.name}.enforcementLevel`) ??
    levelOf(config.all, "all") ??
    policy.enforcementLevel ??
    "advisory";
  const defaults = Object.fromEntries(
    Object.entries(schema)
      .filter(([, property]) => property.default !== undefined)
      .map(([key, property]) => [key, property.default]),
  );
  return {
    enforcementLevel: level === "remediate" ? "mandatory" : level,
    properties: { ...defaults, ...properties },
  };
}

/** Replaces the SDK's `Unknown` by the engine's sentinel and unwraps secrets, as the server sees them. */
function toWire(value: unknown): unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") {
      return toWire(record.value);
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return value; // assets and archives
    return Object.fromEntries(
      Object.entries(record)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}

const noOptions = (parent?: string): PolicyResourceOptions => ({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
  ...(parent ? { parent } : {}),
});

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

const pulumiTypeOf = (resourceClass: unknown) =>
  (resourceClass as { __pulumiType?: string }).__pulumiType;

/** The `ResourceValidationArgs` the CrossGuard server would pass for a planned resource (its inputs). */
export function resourceValidationArgs(
  resource: Pick<PlannedResource, "urn" | "type" | "name" | "parent" | "inputs">,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  const props = unknownCheckingProxy(toWire(resource.inputs) as Record<string, unknown>);
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: noOptions(resource.parent),
    stackTags: new Map(),
    isType: (resourceClass) => pulumiTypeOf(resourceClass) === resource.type,
    asType: ((resourceClass: unknown) =>
      pulumiTypeOf(resourceClass) === resource.type ? props : undefined) as never,
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
}

/**
 * The `StackValidationArgs` for planned resources (their state), with the dependencies and property
 * dependencies the engine was told, as the CrossGuard server passes them.
 */
export function stackValidationArgs(
  resources: readonly (Pick<PlannedResource, "urn" | "type" | "name" | "parent" | "state"> &
    Partial<Pick<PlannedResource, "dependencies" | "propertyDependencies">>)[],
  config: Record<string, unknown> = {},
): StackValidationArgs {
  const byUrn = new Map<string, PolicyResource>();
  const policyResources = resources.map((resource) => {
    const props = unknownCheckingProxy(toWire(resource.state) as Record<string, unknown>);
    const policyResource: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: noOptions(resource.parent),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => pulumiTypeOf(resourceClass) === resource.type,
      asType: ((resourceClass: unknown) =>
        pulumiTypeOf(resourceClass) === resource.type ? props : undefined) as never,
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  const known = (urns: readonly string[] = []) =>
    urns.flatMap((urn) => (byUrn.has(urn) ? [byUrn.get(urn)!] : []));
  resources.forEach((resource, index) => {
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) policyResources[index].parent = parent;
    policyResources[index].dependencies = known(resource.dependencies);
    policyResources[index].propertyDependencies = Object.fromEntries(
      Object.entries(resource.propertyDependencies ?? {}).map(([key, urns]) => [key, known(urns)]),
    );
  });
  return {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
}

/**
 * Runs every policy over planned resources as `pulumi preview --policy-pack` would: resource
 * policies on each resource's inputs, stack policies on all states. A policy that meets a value
 * unknown during preview yields an advisory "cannot be checked during preview: …" finding.
 */
export async function evaluatePolicies(
  resources: readonly PlannedResource[],
  options: EvaluateOptions = {},
): Promise<Violation[]> {
  const policies = options.policies ?? (await import("../../policy-pack/policies")).policies;
  const config = options.config ?? {};
  const names = new Set(policies.map((policy) => policy.name));
  const strangers = Object.keys(config).filter((key) => key !== "all" && !names.has(key));
  if (strangers.length > 0) {
    throw new PolicyConfigError(
      `policy pack config names unknown policies: ${strangers.join(", ")}`,
    );
  }
  const violations: Violation[] = [];
  for (const policy of policies) {
    const { enforcementLevel, properties } = resolvePolicyConfig(policy, config);
    if (enforcementLevel === "disabled") continue;
    const run = async (
      urn: string,
      validate: (report: (m: string, u?: string) => void) => unknown,
    ) => {
      try {
        await validate((message, reportedUrn) =>
          violations.push({
            policy: policy.name,
            urn: reportedUrn ?? urn,
            message,
            enforcementLevel,
          }),
        );
      } catch (error) {
        if (error instanceof NotApplicableError) return;
        if (error instanceof PreviewUnknownError) {
          for (const unknown of error.unknowns) {
            violations.push({
              policy: policy.name,
              urn: unknown.urn,
              message: `cannot be checked during preview: ${unknown.property} is unknown`,
              enforcementLevel: "advisory",
            });
          }
        } else if (error instanceof UnknownValueError) {
          violations.push({
            policy: policy.name,
            urn,
            message: `cannot be checked during preview: ${error.message}`,
            enforcementLevel: "advisory",
          });
        } else {
          throw error;
        }
      }
    };
    if ("validateStack" in policy && policy.validateStack) {
      const args = stackValidationArgs(resources, properties);
      await run("", (report) => policy.validateStack(args, report));
      continue;
    }
    const validations = (policy as ResourceValidationPolicy).validateResource;
    if (!validations) continue;
    for (const resource of resources) {
      for (const validate of Array.isArray(validations) ? validations : [validations]) {
        const args = resourceValidationArgs(resource, properties);
        await run(resource.urn, (report) => validate(args, report));
      }
    }
  }
  return violations;
}
