/**
 * npm run build (and `npm pack`, through `prepack`)
 *
 * Builds what the published package ships in `dist/`: the library and the provider compiled to
 * JavaScript with `.d.ts` declarations, every handler prebuilt into a deterministic zip listed with
 * its hash in `dist/handlers/manifest.json`, the default rules, and the folder Pulumi's component
 * analyzer reads (`dist/provider/schema/`). A consumer's `pulumi up` then needs no esbuild, no
 * handler sources and no devDependencies.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildHandlerArchive } from "../components/core/build/bundle";
import {
  HANDLER_MANIFEST,
  SHIPPED_HANDLERS_DIR,
  type HandlerManifest,
} from "../components/core/build/handler-archive";
import { writeSchemaRoot } from "../provider/schema-root";
import { runCommand, type CommandSpec } from "./shared/cli";

const REPO_ROOT = resolve(__dirname, "..");
const DIST = join(REPO_ROOT, "dist");

/** Every handler entry: `handlers/<product>[/<part>]/index.ts`, except the shared code folders. */
export function handlerEntries(root = REPO_ROOT): string[] {
  const entries: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (!statSync(join(root, path)).isDirectory() || name === "shared") continue;
      if (existsSync(join(root, path, "index.ts"))) entries.push(`${path}/index.ts`);
      walk(path);
    }
  };
  walk("handlers");
  return entries;
}

/** The zip's name in `dist/handlers/`: `handlers/policy-monitor/detector/index.ts` → `policy-monitor-detector.zip`. */
export function bundleFileName(entry: string): string {
  return `${entry
    .replace(/^handlers\//, "")
    .replace(/\/index\.ts$/, "")
    .split("/")
    .join("-")}.zip`;
}

function compile(): void {
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: REPO_ROOT,
      stdio: "inherit",
    },
  );
}

function bundleHandlers(): HandlerManifest {
  const outDir = join(DIST, SHIPPED_HANDLERS_DIR);
  mkdirSync(outDir, { recursive: true });
  const handlers: Record<string, HandlerManifest["handlers"][string]> = {};
  for (const entry of handlerEntries()) {
    const archive = buildHandlerArchive(entry);
    const file = bundleFileName(entry);
    copyFileSync(archive.path, join(outDir, file));
    handlers[entry] = { file, sha256: archive.sha256, size: archive.size };
  }
  const manifest: HandlerManifest = { version: 1, handlers };
  writeFileSync(join(outDir, HANDLER_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function copyRules(): void {
  mkdirSync(join(DIST, "rules"), { recursive: true });
  for (const file of readdirSync(join(REPO_ROOT, "rules"))) {
    copyFileSync(join(REPO_ROOT, "rules", file), join(DIST, "rules", file));
  }
}

/**
 * The analyzer infers the schema from TypeScript sources: from `.d.ts` declarations it cannot read
 * the `as const` enums (their values live in initializers that declarations drop). So the package
 * keeps a copy of the library's sources, for the analyzer only, in `dist/provider/schema/src/`.
 */
function copyLibrarySources(target: string): void {
  const copy = (path: string) => {
    mkdirSync(join(target, path, ".."), { recursive: true });
    copyFileSync(join(REPO_ROOT, path), join(target, path));
  };
  copy("library.ts");
  const walk = (dir: string) => {
    for (const name of readdirSync(join(REPO_ROOT, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(REPO_ROOT, path)).isDirectory()) {
        if (name !== "fixtures") walk(path);
      } else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && name !== "bundle.ts") {
        copy(path);
      }
    }
  };
  walk("components");
  walk("contracts");
}

function main(): void {
  rmSync(DIST, { recursive: true, force: true });
  compile();
  const manifest = bundleHandlers();
  copyRules();
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  const schemaRoot = join(DIST, "provider", "schema");
  copyLibrarySources(join(schemaRoot, "src"));
  writeSchemaRoot(schemaRoot, "./src/library", version);
  const count = Object.keys(manifest.handlers).length;
  process.stderr.write(
    `build: ${relative(REPO_ROOT, DIST)}/ with ${count} handler bundles, version ${version}\n`,
  );
}

export const BUILD_COMMAND: CommandSpec = {
  command: "npm run build --",
  description:
    "Writes dist/: the library and provider compiled with declarations, every handler bundled\n" +
    "into dist/handlers/<name>.zip with its SHA-256 in manifest.json, the rules and the schema root.",
  flags: [],
};

if (require.main === module) void runCommand(BUILD_COMMAND, process.argv.slice(2), main);
