/**
 * npm run --silent schema
 *
 * Prints the Pulumi package schema of opsguard's components as JSON, inferred from their
 * TypeScript Args exactly as `pulumi package add` infers it (ComponentProvider.getSchema()).
 */
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PACKAGE_COMPONENTS, PACKAGE_NAME } from "../provider/components";
import { writeSchemaRoot } from "../provider/schema-root";
import { runCommand, type CommandSpec } from "./shared/cli";

const REPO_ROOT = resolve(__dirname, "..");

/** The package's component provider over this checkout's sources, as `pulumi package add` builds it. */
export function sourceProvider(): ComponentProvider {
  const dir = join(REPO_ROOT, ".build", "schema");
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  writeSchemaRoot(dir, relative(dir, join(REPO_ROOT, "library")).split("\\").join("/"), version);
  return new ComponentProvider({
    name: PACKAGE_NAME,
    dirname: dir,
    components: PACKAGE_COMPONENTS,
  });
}

export const SCHEMA_COMMAND: CommandSpec = {
  command: "npm run --silent schema --",
  description:
    "Prints the Pulumi package schema of opsguard's components as JSON, inferred from their\n" +
    "TypeScript Args as `pulumi package add` infers it.",
  flags: [],
};

if (require.main === module) {
  void runCommand(
    SCHEMA_COMMAND,
    process.argv.slice(2),
    async () => {
      const schema = await sourceProvider().getSchema();
      process.stdout.write(`${JSON.stringify(JSON.parse(schema), null, 2)}\n`);
    },
    {
      err: (text) =>
        process.stderr.write(text.startsWith("npm run") ? text : `schema failed: ${text}`),
      errorNames: false,
    },
  );
}
