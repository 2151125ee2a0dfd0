import type { PlannedResource } from "./run-program";

/** The resource tree as text: each component with its children indented beneath it. */
export function formatTree(resources: PlannedResource[]): string {
  const children = new Map<string | undefined, PlannedResource[]>();
  for (const resource of resources) {
    const siblings = children.get(resource.parent) ?? [];
    siblings.push(resource);
    children.set(resource.parent, siblings);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const resource of children.get(parent) ?? []) {
      lines.push(
        `${"  ".repeat(depth)}${resource.custom ? "+" : "■"} ${resource.type}  ${resource.name}`,
      );
      walk(resource.urn, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join("\n");
}
