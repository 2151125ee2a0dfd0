/**
 * The opsguard Pulumi package's provider: the package's `main`, which is what the Pulumi CLI runs
 * when it starts the plugin (`pulumi package add` to read the schema and generate an SDK, `pulumi
 * up` to construct the components a Python, Go, .NET, Java or YAML program declares). The CLI's
 * Node.js language host runs `node @pulumi/pulumi/cmd/run-plugin <package folder> <engine>`, which
 * requires the folder, that is this file; `import … from "opsguard"` resolves through `exports`
 * to the library instead. The schema is inferred from the TypeScript sources in `schema/` beside
 * this file, and checked before the provider serves anything: a broken package exits with the
 * problem and registers nothing.
 */
import { main } from "@pulumi/pulumi/provider";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_COMPONENTS } from "./components";
import { PackageProvider } from "./package-provider";

async function start(args: string[]): Promise<void> {
  // dist/provider/index.js → the package's own package.json.
  const { version } = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"),
  ) as { version: string };
  const provider = new PackageProvider({
    schemaDir: join(__dirname, "schema"),
    components: PACKAGE_COMPONENTS,
    version,
  });
  await provider.checkPackage();
  await main(provider, args);
}

start(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `opsguard provider failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
