import { join } from "node:path";
import * as ts from "typescript";

/** An Args interface (or a nested one) as TypeScript declares it: each property and whether it is required. */
export interface DeclaredInputs {
  /** Property name → required (not `?`). */
  readonly properties: Record<string, boolean>;
  /** The interfaces its properties hold (through `Input<…>` and arrays), by name. */
  readonly nested: string[];
}

/** `pulumi.Input<T>`, `T[]`, `readonly T[]` and `Array<T>` → `T`, as written. */
function unwrap(node: ts.TypeNode): ts.TypeNode {
  if (ts.isArrayTypeNode(node)) return unwrap(node.elementType);
  if (ts.isTypeOperatorNode(node)) return unwrap(node.type);
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) {
    const name = node.typeName.getText();
    if (name === "Input" || name.endsWith(".Input") || name === "Array") {
      return unwrap(node.typeArguments[0]);
    }
  }
  return node;
}

/**
 * What a TypeScript user can pass to each component: the properties of its constructor's `args`
 * type (inherited ones included) and of every interface reachable from them, read from the
 * library's sources with the TypeScript compiler. Keyed by interface name; `args` maps each
 * component to its Args interface's name.
 */
export function declaredInputs(
  componentNames: readonly string[],
  libraryPath = join(__dirname, "..", "..", "library.ts"),
): { args: Record<string, string>; interfaces: Record<string, DeclaredInputs> } {
  const program = ts.createProgram([libraryPath], {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const library = checker.getSymbolAtLocation(program.getSourceFile(libraryPath)!)!;
  const exported = new Map(checker.getExportsOfModule(library).map((s) => [s.getName(), s]));
  const interfaces: Record<string, DeclaredInputs> = {};
  const args: Record<string, string> = {};

  const visit = (declaration: ts.InterfaceDeclaration) => {
    const name = declaration.name.text;
    if (interfaces[name]) return;
    const properties: Record<string, boolean> = {};
    const nested: string[] = [];
    interfaces[name] = { properties, nested };
    const type = checker.getTypeAtLocation(declaration);
    for (const property of checker.getPropertiesOfType(type)) {
      const node = property.valueDeclaration;
      if (!node || !ts.isPropertySignature(node) || !node.type) continue;
      properties[property.getName()] = node.questionToken === undefined;
      const inner = unwrap(node.type);
      if (!ts.isTypeReferenceNode(inner)) continue;
      let symbol = checker.getSymbolAtLocation(inner.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const target = symbol?.declarations?.find(ts.isInterfaceDeclaration);
      if (target) {
        nested.push(target.name.text);
        visit(target);
      }
    }
  };

  for (const componentName of componentNames) {
    let symbol = exported.get(componentName);
    if (!symbol) throw new Error(`library.ts does not export ${componentName}`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    const ctor = declaration?.members.find(ts.isConstructorDeclaration);
    const argsType = ctor?.parameters.find((p) => p.name.getText() === "args")?.type;
    if (!argsType || !ts.isTypeReferenceNode(argsType)) {
      throw new Error(`${componentName}'s constructor has no args of an interface type`);
    }
    let argsSymbol = checker.getSymbolAtLocation(argsType.typeName);
    if (argsSymbol && argsSymbol.flags & ts.SymbolFlags.Alias) {
      argsSymbol = checker.getAliasedSymbol(argsSymbol);
    }
    const argsDeclaration = argsSymbol?.declarations?.find(ts.isInterfaceDeclaration);
    if (!argsDeclaration) throw new Error(`${componentName}'s args type is not an interface`);
    args[componentName] = argsDeclaration.name.text;
    visit(argsDeclaration);
  }
  return { args, interfaces };
}
