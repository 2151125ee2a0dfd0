import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CloudFormationTemplate } from "../../components/organization/member-template";

/** What CloudFormation substitutes in one stack instance of the member template. */
export interface StackInstance {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
}

/** A resource of the member template as one stack instance creates it: every intrinsic resolved. */
export interface InstanceResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/**
 * The resources one stack instance of `template` creates, as CloudFormation resolves them: the
 * conditions (`Fn::Equals` of `Ref AWS::Region`), `Fn::Sub` of the pseudo parameters, `Ref` and
 * `Fn::GetAtt … Arn` of the template's roles. Any other intrinsic is an error, so a template that
 * grows one is not silently misread.
 */
export function instanceResources(
  template: CloudFormationTemplate,
  instance: StackInstance,
): InstanceResource[] {
  const pseudo: Record<string, string> = {
    "AWS::AccountId": instance.account,
    "AWS::Region": instance.region,
    "AWS::Partition": instance.partition ?? "aws",
  };
  const sub = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (!(name in pseudo)) throw new Error(`Fn::Sub of an unknown name: ${name}`);
      return pseudo[name];
    });
  const conditions: Record<string, boolean> = {};
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (!value || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [[key, inner]] = entries;
      if (key === "Fn::Sub") return sub(inner as string);
      if (key === "Ref") {
        if (typeof inner === "string" && inner in pseudo) return pseudo[inner];
        throw new Error(`Ref to ${String(inner)}`);
      }
      if (key === "Fn::Equals") {
        const [a, b] = (inner as unknown[]).map(resolve);
        return a === b;
      }
      if (key === "Fn::GetAtt") {
        const [logicalId, attribute] = inner as [string, string];
        const target = template.Resources[logicalId];
        if (attribute !== "Arn" || target?.Type !== "AWS::IAM::Role") {
          throw new Error(`Fn::GetAtt ${logicalId}.${attribute}`);
        }
        const roleName = resolve((target.Properties as { RoleName: unknown }).RoleName);
        return `arn:${pseudo["AWS::Partition"]}:iam::${instance.account}:role/${String(roleName)}`;
      }
      if (key.startsWith("Fn::")) throw new Error(`unsupported intrinsic ${key}`);
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
  };
  for (const [name, condition] of Object.entries(template.Conditions)) {
    conditions[name] = resolve(condition) === true;
  }
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Condition === undefined || conditions[resource.Condition])
    .map(([logicalId, resource]) => ({
      logicalId,
      type: resource.Type,
      properties: resolve(resource.Properties) as Record<string, unknown>,
    }));
}

/** Where `tools/setup.sh` leaves cfn-lint: on PATH, or as the Python module. */
function cfnLintCommand(): [string, string[]] {
  for (const candidate of [
    ["cfn-lint", []],
    ["python3", ["-m", "cfnlint"]],
  ] as [string, string[]][]) {
    try {
      execFileSync(candidate[0], [...candidate[1], "--version"], { stdio: "ignore" });
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error(
    "cfn-lint is not installed: run tools/setup.sh (python3 -m pip install cfn-lint)",
  );
}

/** cfn-lint's findings on a template, one per line; empty when it accepts it. */
export function cfnLint(template: CloudFormationTemplate): string {
  const [command, prefix] = cfnLintCommand();
  const dir = mkdtempSync(join(tmpdir(), "opsguard-cfn-"));
  const file = join(dir, "member.json");
  try {
    writeFileSync(file, JSON.stringify(template, null, 2));
    execFileSync(command, [...prefix, "--format", "parseable", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return "";
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return (failed.stdout || failed.stderr || failed.message).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
