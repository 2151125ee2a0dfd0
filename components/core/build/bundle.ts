import { buildSync } from "esbuild";
import { zipSync } from "fflate";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { HandlerArchive } from "./types";

/** The repository root: handler entries are resolved from here, and archives are written under it. */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

/** Zip entries get this fixed time, so that the same bundle always makes the same bytes. */
const FIXED_ZIP_TIME = new Date("1980-01-01T00:00:00Z");

/**
 * Bundles a handler entry with esbuild (minified, tree-shaken, linked source map, the AWS SDK v3
 * bundled on purpose so that the code runs with the SDK version we tested, not the runtime's) and
 * packs `index.js` + `index.js.map` into a deterministic zip. Same source ⇒ same bytes ⇒ same hash,
 * so `pulumi preview` shows no diff for an unchanged handler.
 */
export function buildHandlerArchive(
  entry: string,
  outDir = join(REPO_ROOT, ".build", "lambda"),
): HandlerArchive {
  const entryPath = resolve(REPO_ROOT, entry);
  const cacheFile = join(
    outDir,
    "cache",
    `${createHash("sha256").update(entryPath).digest("hex").slice(0, 16)}.json`,
  );
  const cached = readCache(cacheFile);
  if (cached) return cached.archive;

  const result = buildSync({
    entryPoints: [entryPath],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    treeShaking: true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    outfile: join(outDir, "index.js"),
    absWorkingDir: REPO_ROOT,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of result.outputFiles) {
    files[relative(outDir, file.path)] = [file.contents, { mtime: FIXED_ZIP_TIME }];
  }
  const zip = zipSync(files, { level: 9 });
  const hex = createHash("sha256").update(zip).digest("hex");
  mkdirSync(join(outDir, "cache"), { recursive: true });
  const path = join(outDir, `${hex}.zip`);
  writeAtomically(path, zip);
  const archive = { path, sha256: Buffer.from(hex, "hex").toString("base64"), size: zip.length };
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(REPO_ROOT, input));
  const cache: BuildCache = {
    archive,
    inputs: Object.fromEntries(inputs.map((input) => [input, fingerprint(input)])),
  };
  writeAtomically(cacheFile, JSON.stringify(cache));
  return archive;
}

/**
 * What a rebuild is skipped on: the archive of the last build of an entry, and a fingerprint of every
 * file esbuild read for it. Bundling the AWS SDK takes seconds, and every component test, plan and
 * preview bundles every handler it deploys.
 */
interface BuildCache {
  readonly archive: HandlerArchive;
  readonly inputs: Record<string, string>;
}

/** Installed packages change only with their size or mtime; our own sources are hashed. */
function fingerprint(path: string): string {
  if (!existsSync(path)) return "missing";
  if (path.includes(`${join("node_modules", "")}`)) {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  }
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function readCache(cacheFile: string): BuildCache | undefined {
  if (!existsSync(cacheFile)) return undefined;
  try {
    const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as BuildCache;
    if (!existsSync(cache.archive.path)) return undefined;
    const fresh = Object.entries(cache.inputs).every(
      ([input, print]) => fingerprint(input) === print,
    );
    return fresh ? cache : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes through a temporary file and a rename, so that a build running beside this one (another
 * Jest worker, `npm pack`) reads the old file or the whole new one, never a part of it.
 */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
