import { join } from "node:path";
import {
  parsePolicyDocument,
  type PolicyStatement,
} from "../../policy-pack/lib/iam/policy-document";
import type { PlannedResource } from "../../tools/mock-runtime/run-program";
import { readStackConfig } from "../../tools/mock-runtime/stack-config";

const REPO_ROOT = join(__dirname, "..", "..");

/** The components of the program, by their `opsguard:` stack-config key. */
export type ComponentKey =
  "codeWatcher" | "policyMonitor" | "secretSync" | "trailBackup" | "listingApi";

/** The dev stack, or one component of it, as the mock runtime plans it: names, environments, grants. */
export interface ComponentPlan {
  readonly region: string;
  readonly resources: readonly PlannedResource[];
  /** The resource of this logical name; throws when there is none. */
  resource(name: string): PlannedResource;
  /**
   * The statements of every inline policy of the execution role of `LambdaFunction`
   * `functionName`: the component's grants plus the log and DLQ writes that LambdaFunction adds.
   */
  statements(functionName: string): PolicyStatement[];
  /** The physical name of the function's execution role. */
  roleName(functionName: string): string;
  /** The physical name of the function. */
  functionName(functionName: string): string;
  /** The function's environment variables. */
  environment(functionName: string): Record<string, string>;
}

/**
 * Runs the program (`index.ts`) under the mock runtime with the dev stack's config of one component
 * (`Pulumi.dev.yaml`), changed by `change`, so a test sees the grants, names and environment that
 * the component gives its functions, from the component itself.
 */
export async function planComponent(
  key: ComponentKey,
  change: (devConfig: Record<string, unknown>) => Record<string, unknown> = (config) => config,
): Promise<ComponentPlan> {
  const dev = readStackConfig(REPO_ROOT, "dev");
  const componentConfig = dev[`opsguard:${key}`];
  if (componentConfig === undefined) throw new Error(`Pulumi.dev.yaml has no opsguard:${key}`);
  return planOf(key, {
    "aws:region": dev["aws:region"],
    "opsguard:tags": dev["opsguard:tags"],
    "opsguard:alerts": dev["opsguard:alerts"],
    [`opsguard:${key}`]: change(structuredClone(componentConfig) as Record<string, unknown>),
  });
}

/** The whole dev stack (`Pulumi.dev.yaml`) as the mock runtime plans it. */
export async function planDevStack(): Promise<ComponentPlan> {
  return planOf("dev stack", readStackConfig(REPO_ROOT, "dev"));
}

async function planOf(what: string, config: Record<string, unknown>): Promise<ComponentPlan> {
  const region = String(config["aws:region"]);
  // A fresh module registry per run: the program registers its resources when first imported,
  // and it must share that registry's Pulumi runtime, whose mocks runProgram sets.
  let resources: PlannedResource[] = [];
  await jest.isolateModulesAsync(async () => {
    const { runProgram } = await import("../../tools/mock-runtime/run-program");
    ({ resources } = await runProgram({ program: () => import("../../index"), config }));
  });
  const resource = (name: string): PlannedResource => {
    const found = resources.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`the ${what} plan has no resource ${name}`);
    return found;
  };
  const roleName = (functionName: string) => String(resource(`${functionName}-role`).state.name);
  // LambdaFunction's `-policy` and any other inline policy a component puts on the same role.
  const rolePolicies = (functionName: string) =>
    resources.filter(
      (candidate) =>
        candidate.type === "aws:iam/rolePolicy:RolePolicy" &&
        candidate.inputs.role === roleName(functionName),
    );
  return {
    region,
    resources,
    resource,
    statements: (functionName) =>
      rolePolicies(functionName).flatMap((policy) =>
        parsePolicyDocument(String(policy.inputs.policy), policy.name),
      ),
    roleName,
    functionName: (functionName) => String(resource(`${functionName}-function`).state.name),
    environment: (functionName) => {
      const inputs = resource(`${functionName}-function`).inputs as {
        environment?: { variables?: Record<string, string> };
      };
      return inputs.environment?.variables ?? {};
    },
  };
}
