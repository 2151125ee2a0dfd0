/**
 * Fails when any file under handlers/ imports @pulumi/*: handler bundles must not carry the Pulumi
 * SDK, and components refer to handlers only by their entry path.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const IMPORT_OF_PULUMI = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']@pulumi\//;

/** The file's code without its comments, so that a comment naming a module is no import. */
function withoutComments(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function filesImportingPulumi(dir: string): string[] {
  const offenders: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) offenders.push(...filesImportingPulumi(path));
    else if (/\.(ts|js|mjs|cjs)$/.test(entry) && IMPORT_OF_PULUMI.test(withoutComments(path))) {
      offenders.push(relative(ROOT, path));
    }
  }
  return offenders;
}

if (require.main === module) {
  const offenders = filesImportingPulumi(join(ROOT, "handlers"));
  if (offenders.length > 0) {
    console.error(`handlers must not import @pulumi/*:\n  ${offenders.join("\n  ")}`);
    process.exit(1);
  }
  console.error("handlers: no @pulumi/* imports");
}
