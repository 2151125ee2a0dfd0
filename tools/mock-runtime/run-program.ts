import * as pulumi from "@pulumi/pulumi";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { MOCK_ACCOUNT, mockState } from "./mock-state";

export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The URN of the parent, or undefined for a child of the stack. */
  readonly parent?: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  /** Inputs plus the computed properties of the mock (ARNs, names, URLs). */
  readonly state: Record<string, unknown>;
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
  getObject(): Parameters<typeof deserializeProperties>[0];
}
interface RegisterResponse {
  getUrn(): string;
  getObject(): Parameters<typeof deserializeProperties>[0];
}

const runtime = pulumi.runtime as typeof pulumi.runtime & {
  getMonitor(): unknown;
  waitForRPCs?: () => Promise<void>;
};

/**
 * Runs a Pulumi program under the SDK's mock runtime and returns every resource it registered.
 *
 * `runInPulumiStack` can return while registrations are still in flight (resources created inside
 * `apply` callbacks, components whose children wait on outputs). So this waits until no registration
 * is pending and the count has stayed the same over several turns of the event loop.
 */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
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
        const { id, state } = mockState(args.type, args.name, args.inputs, region);
        return { id: args.custom === false ? "" : id, state };
      },
      call: (args) => {
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
              accountId: MOCK_ACCOUNT,
              arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`,
              userId: "MOCK",
            };
          case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
          case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
          default:
            return args.inputs;
        }
      },
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
          inputs: deserializeProperties(req.getObject()),
          state: deserializeProperties(response.getObject()),
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
      urn: engineUrn(resource.urn),
      parent:
        resource.parent === undefined || resource.parent === stackUrn
          ? undefined
          : engineUrn(resource.parent),
    }));
  return { resources: planned, outputs: await resolveOutputs(outputs) };
}

async function settle(count: () => number, pending: () => number): Promise<void> {
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
async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const plain = Object.fromEntries(
    Object.entries(outputs).filter(
      ([, value]) => typeof value !== "function" && value !== undefined,
    ),
  );
  return new Promise((resolve) => {
    pulumi.output(plain).apply((values) => resolve(values as Record<string, unknown>));
  });
}
