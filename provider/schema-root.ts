import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_COMPONENTS, PACKAGE_NAME } from "./components";

/**
 * Writes the folder Pulumi's component analyzer reads: a `package.json` (name and version), a
 * `tsconfig.json`, and an `index.ts` that re-exports the package's components from `libraryModule`
 * (`library.ts`, as a path relative to `dir`). The analyzer follows those imports to each
 * component's Args.
 */
export function writeSchemaRoot(dir: string, libraryModule: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: PACKAGE_NAME, version, private: true, main: "index.ts" }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "commonjs",
          moduleResolution: "node",
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          resolveJsonModule: true,
          types: [],
        },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
  );
  const names = PACKAGE_COMPONENTS.map((component) => component.name).join(", ");
  writeFileSync(join(dir, "index.ts"), `export { ${names} } from "${libraryModule}";\n`);
}
