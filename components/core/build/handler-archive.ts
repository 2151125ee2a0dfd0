import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RUNNING_FROM_SOURCE, shippedFile } from "../package-files";
import type * as Bundle from "./bundle";
import type { HandlerArchive } from "./types";

/** `dist/handlers/manifest.json`: every shipped bundle by its handler entry. */
export interface HandlerManifest {
  readonly version: 1;
  /** Entry (`handlers/code-watcher/index.ts`) → the zip beside the manifest and its hash. */
  readonly handlers: Record<
    string,
    { readonly file: string; readonly sha256: string; readonly size: number }
  >;
}

/** Where the package keeps its prebuilt bundles, relative to `PACKAGE_ROOT`. */
export const SHIPPED_HANDLERS_DIR = "handlers";
export const HANDLER_MANIFEST = "manifest.json";

/** Raised when the package holds no bundle, or a changed one, for a handler entry. */
export class ShippedHandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShippedHandlerError";
  }
}

/**
 * The deployment package of a handler entry (`handlers/<name>/index.ts`), by the rule of
 * `RUNNING_FROM_SOURCE`: bundled now from source, or the prebuilt bundle the package ships.
 */
export function handlerArchive(entry: string): HandlerArchive {
  if (RUNNING_FROM_SOURCE) {
    // Loaded only here: esbuild is a development tool, not a dependency of the published package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildHandlerArchive } = require("./bundle") as typeof Bundle;
    return buildHandlerArchive(entry);
  }
  return shippedHandlerArchive(entry);
}

/** The prebuilt bundle of `entry` from the package's manifest, after checking its hash. */
export function shippedHandlerArchive(
  entry: string,
  handlersDir = shippedFile(SHIPPED_HANDLERS_DIR),
): HandlerArchive {
  const manifestPath = join(handlersDir, HANDLER_MANIFEST);
  if (!existsSync(manifestPath)) {
    throw new ShippedHandlerError(
      `${manifestPath} does not exist: the package was not built (npm pack runs the build)`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as HandlerManifest;
  const shipped = manifest.handlers[entry];
  if (!shipped) {
    throw new ShippedHandlerError(`${manifestPath} has no bundle for ${entry}`);
  }
  const path = join(handlersDir, shipped.file);
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("base64");
  if (sha256 !== shipped.sha256) {
    throw new ShippedHandlerError(
      `${path} has SHA-256 ${sha256}, the manifest says ${shipped.sha256}: the package was altered`,
    );
  }
  return { path, sha256, size: shipped.size };
}
