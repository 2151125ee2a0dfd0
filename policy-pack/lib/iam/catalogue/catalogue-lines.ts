import type { CatalogueData } from "./access-levels";

/**
 * The text form of the catalogue that `generated/actions.ts` holds: one line per service (`iam:`),
 * then one line per action of that service (`PassRole W`, the access level codes as in
 * `CatalogueData`).
 * A bundle loads a string far faster than the same data as an object literal, and a diff of the
 * lines shows each action that changed.
 */
export function formatCatalogueLines(services: CatalogueData["services"]): string {
  const lines: string[] = [];
  for (const [service, actions] of Object.entries(services)) {
    lines.push(`${service}:`);
    for (const [name, codes] of Object.entries(actions)) lines.push(`${name} ${codes}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The services of `formatCatalogueLines` text, in its order. */
export function parseCatalogueLines(text: string): CatalogueData["services"] {
  const services: Record<string, Record<string, string>> = {};
  let actions: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.endsWith(":")) {
      actions = {};
      services[line.slice(0, -1)] = actions;
    } else {
      const space = line.indexOf(" ");
      actions[line.slice(0, space)] = line.slice(space + 1);
    }
  }
  return services;
}
