import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";

const REPO_ROOT = join(__dirname, "..", "..");
/** The launcher `pulumi-analyzer-policy` runs for a Node.js pack: `node <it> <engine> <packDir>`. */
const RUN_POLICY_PACK = join(
  REPO_ROOT,
  "node_modules",
  "@pulumi",
  "pulumi",
  "cmd",
  "run-policy-pack",
);

const LEVELS: Record<number, string> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, name]) => [name, +code]));

/** A resource as the engine sends it: inputs to `Analyze`, state to `AnalyzeStack`. */
export interface EngineResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
  readonly state: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Record<string, readonly string[]>;
}

export interface Diagnostic {
  readonly policy: string;
  readonly urn: string;
  readonly message: string;
  readonly enforcementLevel: string;
  readonly severity: number;
}

export interface PolicyInfo {
  readonly name: string;
  readonly enforcementLevel: string;
  readonly severity: number;
  readonly tags: string[];
  readonly type: "resource" | "stack";
  readonly configSchema: Record<string, Record<string, unknown>>;
}

export interface RunningPack {
  readonly info: () => Promise<{ name: string; policies: PolicyInfo[] }>;
  /**
   * Configures the pack as the engine does (`ReconcilePolicyPackConfig`): every policy's level and
   * its schema defaults, then `config` (the `--policy-pack-config` shape, `all` included) over them.
   */
  readonly configure: (config?: Record<string, unknown>) => Promise<void>;
  /** `Analyze` for each resource, then one `AnalyzeStack`, as a preview does. */
  readonly analyze: (resources: readonly EngineResource[]) => Promise<Diagnostic[]>;
  readonly stop: () => Promise<void>;
}

/** Plain JSON: what `Struct` can carry (no `undefined`). */
const plain = (value: unknown) =>
  Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})) as Record<string, never>);

function call<Req, Res>(
  method: (
    request: Req,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
  ) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function options(): analyzer.AnalyzerResourceOptions {
  return new analyzer.AnalyzerResourceOptions().setProtect(false);
}

/**
 * Starts the pack in `packDir` as the Pulumi CLI does (its `main` through Pulumi's
 * `run-policy-pack` launcher, TypeScript through ts-node) and connects to the port it prints.
 */
export async function startPolicyPack(packDir: string): Promise<RunningPack> {
  const child: ChildProcess = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", packDir], {
    cwd: packDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) =>
      reject(new Error(`the pack exited with ${code} before serving: ${stderr}${stdout}`)),
    );
  });
  const client = new analyzerRpc.AnalyzerClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
    { "grpc.max_receive_message_length": 400 * 1024 * 1024 },
  );
  let policies: PolicyInfo[] | undefined;

  const info = async () => {
    const response = await call<Empty, analyzer.AnalyzerInfo>(
      client.getAnalyzerInfo.bind(client),
      new Empty(),
    );
    policies = response.getPoliciesList().map((policy) => ({
      name: policy.getName(),
      enforcementLevel: LEVELS[policy.getEnforcementlevel()],
      severity: policy.getSeverity(),
      tags: policy.getTagsList(),
      type: policy.getPolicyType() === analyzer.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
      configSchema: (policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<
        string,
        Record<string, unknown>
      >,
    }));
    return { name: response.getName(), policies };
  };

  const configure = async (config: Record<string, unknown> = {}) => {
    const known = policies ?? (await info()).policies;
    const request = new analyzer.ConfigureAnalyzerRequest();
    const all = typeof config.all === "string" ? config.all : undefined;
    for (const policy of known) {
      const given = config[policy.name];
      const own =
        typeof given === "string"
          ? { enforcementLevel: given }
          : ((given ?? {}) as Record<string, unknown>);
      const { enforcementLevel, ...properties } = own;
      const defaults = Object.fromEntries(
        Object.entries(policy.configSchema)
          .filter(([, property]) => "default" in property)
          .map(([key, property]) => [key, property.default]),
      );
      const level = (enforcementLevel as string | undefined) ?? all ?? policy.enforcementLevel;
      request
        .getPolicyconfigMap()
        .set(
          policy.name,
          new analyzer.PolicyConfig()
            .setEnforcementlevel(LEVEL_CODES[level])
            .setProperties(plain({ ...defaults, ...properties })),
        );
    }
    await call(client.configure.bind(client), request);
  };

  const toDiagnostics = (response: analyzer.AnalyzeResponse, fallbackUrn = ""): Diagnostic[] =>
    response.getDiagnosticsList().map((diagnostic) => ({
      policy: diagnostic.getPolicyname(),
      urn: diagnostic.getUrn() || fallbackUrn,
      message: diagnostic.getMessage(),
      enforcementLevel: LEVELS[diagnostic.getEnforcementlevel()],
      severity: diagnostic.getSeverity(),
    }));

  const analyze = async (resources: readonly EngineResource[]) => {
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) {
      const request = new analyzer.AnalyzeRequest()
        .setType(resource.type)
        .setName(resource.name)
        .setUrn(resource.urn)
        .setProperties(plain(resource.inputs))
        .setOptions(options());
      const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
        client.analyze.bind(client),
        request,
      );
      diagnostics.push(...toDiagnostics(response, resource.urn));
    }
    const stack = new analyzer.AnalyzeStackRequest().setResourcesList(
      resources.map((resource) => {
        const entry = new analyzer.AnalyzerResource()
          .setType(resource.type)
          .setName(resource.name)
          .setUrn(resource.urn)
          .setProperties(plain(resource.state))
          .setOptions(options())
          .setParent(resource.parent ?? "")
          .setDependenciesList([...resource.dependencies]);
        for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
          entry
            .getPropertydependenciesMap()
            .set(key, new analyzer.AnalyzerPropertyDependencies().setUrnsList([...urns]));
        }
        return entry;
      }),
    );
    const response = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
      client.analyzeStack.bind(client),
      stack,
    );
    diagnostics.push(...toDiagnostics(response));
    return diagnostics;
  };

  const stop = async () => {
    client.close();
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  return { info, configure, analyze, stop };
}
