/**
 * npm run bench [-- <name> ...]
 *
 * Runs the benchmarks in bench/ (every `<name>.ts` but this file), each in its own process so that
 * its peak memory is its own. With names, runs only those. Exits 1 when any benchmark fails its target.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const available = readdirSync(__dirname)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts"))
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const name of requested.length > 0 ? requested : available) {
  console.error(`\n=== bench ${name}`);
  const tsx = join(__dirname, "..", "node_modules", ".bin", "tsx");
  const result = spawnSync(tsx, [join(__dirname, `${name}.ts`)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
