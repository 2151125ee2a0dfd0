import { buildSync } from "esbuild";
import { zipSync } from "fflate";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** The repository root: handler entries are resolved from here, and archives are written under it. */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** Zip entries get this fixed time, so that the same bundle always makes the same bytes. */
const FIXED_ZIP_TIME = new Date("1980-01-01T00:00:00Z");

export interface HandlerArchive {
  /** Path of the zip on disk, named by its hash. */
  readonly path: string;
  /** Base64 SHA-256 of the zip: the form Lambda reports as `CodeSha256`. */
  readonly sha256: string;
  /** Size of the zip in bytes. */
  readonly size: number;
}

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
    logLevel: "silent",
  });
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of result.outputFiles) {
    files[relative(outDir, file.path)] = [file.contents, { mtime: FIXED_ZIP_TIME }];
  }
  const zip = zipSync(files, { level: 9 });
  const hex = createHash("sha256").update(zip).digest("hex");
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${hex}.zip`);
  writeFileSync(path, zip);
  return { path, sha256: Buffer.from(hex, "hex").toString("base64"), size: zip.length };
}
