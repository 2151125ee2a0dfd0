/**
 * The opsguard Pulumi package's provider. `PulumiPlugin.yaml` names it, so `pulumi package add`
 * runs it to read the components' schema (and generate an SDK for the program's language), and
 * `pulumi up` runs it to construct the components a Python, Go, .NET, Java or YAML program declares.
 * The schema is inferred from the TypeScript declarations in `schema/` beside this file.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { join } from "node:path";
import { PACKAGE_COMPONENTS, PACKAGE_NAME } from "./components";

componentProviderHost({
  name: PACKAGE_NAME,
  dirname: join(__dirname, "schema"),
  components: PACKAGE_COMPONENTS,
});
