/**
 * npm run bench [-- <name> ... [<benchmark flags>]]
 *
 * Runs the benchmarks in bench/ (every `<name>.ts` but this file), each in its own process so that
 * its peak memory is its own. With names, runs only those, and hands each the flags that follow
 * the names. Exits 1 when any benchmark fails its target.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCommand, UsageError, type CommandSpec, type ParsedCommand } from "../tools/shared/cli";

const available = readdirSync(__dirname)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts"))
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();

export const BENCH_COMMAND: CommandSpec = {
  command: "npm run bench --",
  description:
    "Runs the benchmarks of bench/, each in its own process; with names, only those. Flags after\n" +
    "the names go to each named benchmark (`npm run bench -- trail-backup --help` lists its own).\n" +
    "Exits 1 when a benchmark fails its target.",
  positionals: [
    {
      name: "name",
      help: `a benchmark: ${available.join(", ")}; defaults to all`,
      required: false,
      variadic: true,
    },
  ],
  flags: [],
  forwardsRest: "<benchmark flags>",
};

function main(args: ParsedCommand): number {
  const unknown = args.positionals.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown benchmark(s): ${unknown.join(", ")}; available: ${available.join(", ")}`,
    );
  }
  const names = args.positionals.length > 0 ? args.positionals : available;
  const tsx = join(__dirname, "..", "node_modules", ".bin", "tsx");
  let failed = 0;
  for (const name of names) {
    // With --help the benchmark prints its usage only: no banner around it.
    if (!args.rest.includes("--help")) console.error(`\n=== bench ${name}`);
    const result = spawnSync(tsx, [join(__dirname, `${name}.ts`), ...args.rest], {
      stdio: "inherit",
    });
    if (result.status !== 0) failed++;
  }
  return failed > 0 ? 1 : 0;
}

void runCommand(BENCH_COMMAND, process.argv.slice(2), main);
