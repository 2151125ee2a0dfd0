import * as repositoryPulumi from "@pulumi/pulumi";
import type { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { mockCall, mockState } from "./mock-state";

type PulumiSdk = typeof repositoryPulumi;
type Rpc = { deserializeProperties: typeof deserializeProperties };

export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The URN of the parent, or undefined for a child of the stack. */
  readonly parent?: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  /** The inputs as the engine receives them: JSON with Pulumi's signatures for secrets, archives, unknowns. */
  readonly serializedInputs?: Record<string, unknown>;
  /** Inputs plus the computed properties of the mock (ARNs, names, URLs). */
  readonly state: Record<string, unknown>;
  /** The URNs of the resources this one depends on, as the engine is told. */
  readonly dependencies: string[];
  /** Input name → the URNs of the resources its value came from, as the engine is told. */
  readonly propertyDependencies: Record<string, string[]>;
}

export interface RunProgramOptions {
  /** Loads the program: usually `() => import(path)`. */
  readonly program: () => Promise<unknown>;
  /** Stack config as in `Pulumi.<stack>.yaml`: keys with their namespace (`opsguard:x`, `aws:region`). */
  readonly config?: Record<string, unknown>;
  readonly project?: string;
  readonly stack?: string;
  /** Run as a preview: values the engine would only know after `up` stay unknown. Defaults to false. */
  readonly preview?: boolean;
  /**
   * The folder the program is in: its own `@pulumi/pulumi` (a program with its own
   * `node_modules`) is the one mocked, since the resources register through it. Defaults to this
   * repository's SDK.
   */
  readonly programDir?: string;
}

export interface ProgramRun {
  readonly resources: PlannedResource[];
  readonly outputs: Record<string, unknown>;
}

interface MockMonitorLike {
  registerResource(
    req: RegisterRequest,
    callback: (err: unknown, response: RegisterResponse) => void,
  ): Promise<void>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Parameters<typeof deserializeProperties>[0] & {
    toJavaScript(): Record<string, unknown>;
  };
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
interface RegisterResponse {
  getUrn(): string;
  getObject(): Parameters<typeof deserializeProperties>[0];
}

type Runtime = PulumiSdk["runtime"] & {
  getMonitor(): unknown;
  waitForRPCs?: () => Promise<void>;
};

/** The Pulumi SDK a program in `programDir` loads: its own copy, else this repository's. */
export function pulumiSdkFor(programDir?: string): { pulumi: PulumiSdk; rpc: Rpc } {
  // The SDK is chosen at run time, by the program's folder: only require can do that.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (!programDir) {
    return { pulumi: repositoryPulumi, rpc: require("@pulumi/pulumi/runtime/rpc") as Rpc };
  }
  const from = { paths: [programDir] };
  return {
    pulumi: require(require.resolve("@pulumi/pulumi", from)) as PulumiSdk,
    rpc: require(require.resolve("@pulumi/pulumi/runtime/rpc", from)) as Rpc,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Runs a Pulumi program under the SDK's mock runtime and returns every resource it registered.
 *
 * `runInPulumiStack` can return while registrations are still in flight (resources created inside
 * `apply` callbacks, components whose children wait on outputs). So this waits until no registration
 * is pending and the count has stayed the same over several turns of the event loop.
 */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
  const { pulumi, rpc } = pulumiSdkFor(options.programDir);
  const runtime = pulumi.runtime as Runtime;
  const config = options.config ?? {};
  const region = String(config["aws:region"] ?? "us-east-1");
  const flatConfig: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    flatConfig[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  pulumi.runtime.setAllConfig(flatConfig);

  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        // A first preview: nothing exists yet, so every output the provider would compute
        // (ids, ARNs, names) is unknown; the inputs are all the engine knows.
        if (options.preview) return { id: "", state: args.inputs };
        const { id, state } = mockState(args.type, args.name, args.inputs, region);
        return { id: args.custom === false ? "" : id, state };
      },
      call: (args) => mockCall(args.token, args.inputs, region),
    },
    options.project ?? "opsguard",
    options.stack ?? "dev",
    options.preview ?? false,
  );

  const resources: PlannedResource[] = [];
  let pending = 0;
  const monitor = runtime.getMonitor() as unknown as MockMonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    pending++;
    return register(req, (err, response) => {
      pending--;
      if (!err) {
        resources.push({
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs: rpc.deserializeProperties(req.getObject()),
          serializedInputs: req.getObject()?.toJavaScript() ?? {},
          state: rpc.deserializeProperties(response.getObject()),
          dependencies: req.getDependenciesList(),
          propertyDependencies: propertyDependenciesOf(req),
        });
      }
      callback(err, response);
    });
  };

  let outputs: Record<string, unknown> = {};
  let programError: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      const exported = (await options.program()) as Record<string, unknown>;
      const { default: _default, ...named } = exported ?? {};
      outputs = named;
      return named;
    } catch (error) {
      programError = error;
      return undefined;
    }
  });
  if (programError) throw programError;
  await settle(
    runtime,
    () => resources.length,
    () => pending,
  );

  const stackUrn = resources.find((resource) => resource.type === "pulumi:pulumi:Stack")?.urn;
  // The mock monitor puts the stack's type into every URN (`…::pulumi:pulumi:Stack$aws:…`); the
  // engine does not, and exemptions match on URNs, so the plan reports them as the CLI would.
  const engineUrn = (urn: string) => urn.replace("::pulumi:pulumi:Stack$", "::");
  const planned = resources
    .filter((resource) => resource.type !== "pulumi:pulumi:Stack")
    .map((resource) => ({
      ...resource,
      dependencies: resource.dependencies.map(engineUrn),
      propertyDependencies: Object.fromEntries(
        Object.entries(resource.propertyDependencies).map(([key, urns]) => [
          key,
          urns.map(engineUrn),
        ]),
      ),
      urn: engineUrn(resource.urn),
      parent:
        resource.parent === undefined || resource.parent === stackUrn
          ? undefined
          : engineUrn(resource.parent),
    }));
  return { resources: planned, outputs: await resolveOutputs(pulumi, outputs) };
}

function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
  const dependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    dependencies[key] = value.getUrnsList();
  });
  return dependencies;
}

async function settle(runtime: Runtime, count: () => number, pending: () => number): Promise<void> {
  let stableTurns = 0;
  let last = -1;
  while (stableTurns < 5) {
    await runtime.waitForRPCs?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = count();
    stableTurns = now === last && pending() === 0 ? stableTurns + 1 : 0;
    last = now;
  }
}

/** Stack outputs with every nested Output resolved, as `pulumi stack output` shows them. */
async function resolveOutputs(
  pulumi: PulumiSdk,
  outputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const plain = Object.fromEntries(
    Object.entries(outputs).filter(
      ([, value]) => typeof value !== "function" && value !== undefined,
    ),
  );
  // `apply` never runs on a value unknown during a preview: read it with its unknowns instead.
  const withUnknowns = pulumi.output(plain) as unknown as {
    promise(withUnknowns: boolean): Promise<Record<string, unknown>>;
  };
  return replaceUnknowns(pulumi, await withUnknowns.promise(true));
}

/** Outputs as `pulumi preview` prints them: a value not known yet is `"[unknown]"`. */
function replaceUnknowns(pulumi: PulumiSdk, value: unknown): never {
  if (pulumi.isUnknown(value)) return "[unknown]" as never;
  if (Array.isArray(value)) return value.map((item) => replaceUnknowns(pulumi, item)) as never;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, replaceUnknowns(pulumi, inner)]),
    ) as never;
  }
  return value as never;
}
