import { dirname, join, relative } from "node:path";
import ts from "typescript";

/**
 * A set of files that import each other, directly or through one another, and one shortest cycle
 * through its first file. Paths are relative to the project folder, with `/` separators.
 */
export interface ImportCycle {
  readonly files: readonly string[];
  readonly cycle: readonly string[];
}

/** The module names a file imports: static, type-only, re-exports, `import()`, `require()`, `import("x").T`. */
export function importedModuleNames(sourceFile: ts.SourceFile): string[] {
  const names: string[] = [];
  const literal = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) names.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      literal(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      literal(node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      literal(node.argument.literal);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    ) {
      literal(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** The import graph of the TypeScript files a tsconfig includes: file → files of the project it imports. */
export function importGraph(tsconfigPath: string): Map<string, Set<string>> {
  const read = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const root = dirname(tsconfigPath);
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const project = new Set(config.fileNames.map((file) => join(file)));
  const graph = new Map<string, Set<string>>();
  for (const file of project) {
    const text = ts.sys.readFile(file) ?? "";
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const targets = new Set<string>();
    for (const name of importedModuleNames(sourceFile)) {
      const resolved = ts.resolveModuleName(name, file, config.options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) {
        const target = join(resolved.resolvedFileName);
        if (project.has(target)) targets.add(target);
      }
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Tarjan's strongly connected components: each group of files that reach each other. */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    lowLink.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(target)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components;
}

/** The shortest path from `start` back to itself through the files of `members` (breadth first). */
function shortestCycle(graph: Map<string, Set<string>>, members: Set<string>, start: string) {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Every group of files of the tsconfig's project that import each other, type-only imports included. */
export function importCycles(tsconfigPath: string): ImportCycle[] {
  const root = dirname(tsconfigPath);
  const graph = importGraph(tsconfigPath);
  const name = (file: string) => relative(root, file).split("\\").join("/");
  return stronglyConnected(graph)
    .filter(([first, ...rest]) => rest.length > 0 || graph.get(first)!.has(first))
    .map((component) => {
      const members = new Set(component);
      const start = [...component].sort()[0];
      return {
        files: [...component].map(name).sort(),
        cycle: shortestCycle(graph, members, start).map(name),
      };
    })
    .sort((a, b) => a.cycle[0].localeCompare(b.cycle[0]));
}
