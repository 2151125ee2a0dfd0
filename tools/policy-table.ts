/**
 * npx tsx tools/policy-table.ts [--check]
 *
 * Writes the README's policy table from the policies' own metadata: name, resource types, what
 * it checks (its description), default level, severity and the awsguard / compliance-policies /
 * cdk-nag rules it matches. `test/docs/policy-table.test.ts` fails when the README's table is not
 * what this writes; rerun it after adding or changing a policy.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { policyDetails } from "../policy-pack/lib/define";
import { policies } from "../policy-pack/policies";
import { runCommand, type CommandSpec, type ParsedCommand } from "./shared/cli";

const REPO_ROOT = resolve(__dirname, "..");
export const README = join(REPO_ROOT, "README.md");
export const TABLE_START = "<!-- policy-table:start (npx tsx tools/policy-table.ts) -->";
export const TABLE_END = "<!-- policy-table:end -->";

/** `aws:lb/loadBalancer:LoadBalancer` → `aws.lb.LoadBalancer`, as a program spells it. */
export function typeName(token: string): string {
  const [provider, module, name] = token.split(":");
  return `${provider}.${module.split("/")[0]}.${name}`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The table's Markdown, one row per policy in the pack's order. */
export function policyTable(): string {
  const rows = policies.map((policy) => {
    const details = policyDetails(policy.name);
    if (!details) throw new Error(`${policy.name} was not made by resourcePolicy or stackPolicy`);
    const { awsguard = [], compliancePolicies = [], cdkNag = [] } = details.matches;
    const anchors = [
      ...awsguard.map((rule) => `awsguard \`${rule}\``),
      ...compliancePolicies.map((rule) => `compliance-policies \`${rule}\``),
      ...cdkNag.map((rule) => `cdk-nag \`${rule}\``),
    ];
    return [
      `\`${policy.name}\``,
      details.types.map((type) => `\`${typeName(type)}\``).join(", "),
      cell(policy.description),
      policy.enforcementLevel ?? "advisory",
      policy.severity ?? "",
      anchors.length > 0 ? anchors.join("<br>") : "—",
    ];
  });
  const header = ["id", "resource types", "what it checks", "default level", "severity", "matches"];
  return [header, header.map(() => "---"), ...rows]
    .map((row) => `| ${row.join(" | ")} |`)
    .join("\n");
}

/** The README with its policy table replaced by `policyTable()`, formatted as Prettier does. */
export async function readmeWithTable(readme = readFileSync(README, "utf8")): Promise<string> {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END}`);
  const updated = `${readme.slice(0, start + TABLE_START.length)}\n\n${policyTable()}\n\n${readme.slice(end)}`;
  // Loaded on use: Prettier 3 cannot load inside Jest's module sandbox, where the table is tested.
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(updated, { ...options, filepath: README });
}

export const POLICY_TABLE_COMMAND: CommandSpec = {
  command: "npx tsx tools/policy-table.ts",
  description: "Writes README.md's policy table from the policies' metadata.",
  flags: [{ name: "check", help: "exits 1 when README.md's table differs, writing nothing" }],
};

async function main(args: ParsedCommand): Promise<number> {
  const current = readFileSync(README, "utf8");
  const wanted = await readmeWithTable(current);
  if (args.has("check")) {
    if (current === wanted) return 0;
    process.stderr.write("README.md's policy table is stale: run npx tsx tools/policy-table.ts\n");
    return 1;
  }
  writeFileSync(README, wanted);
  return 0;
}

if (require.main === module) void runCommand(POLICY_TABLE_COMMAND, process.argv.slice(2), main);
