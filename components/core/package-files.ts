import { join, resolve } from "node:path";

/**
 * Where opsguard's shipped files live: the repository root when the components run from their
 * TypeScript sources, `dist/` of the installed package when they run compiled. Both hold `rules/`
 * (PolicyMonitor's defaults); the package's `dist/handlers/` holds the prebuilt handler bundles.
 */
export const PACKAGE_ROOT = resolve(__dirname, "..", "..");

/**
 * The one rule for choosing handler code: running from TypeScript sources (this repository under
 * tsx, ts-node or Jest) bundles each handler from source with esbuild; running compiled JavaScript
 * (the published package) uses the bundles shipped in `dist/handlers/`, built when it was packed.
 */
export const RUNNING_FROM_SOURCE = __filename.endsWith(".ts");

/** A file opsguard ships, by its path under `PACKAGE_ROOT`, e.g. `rules/rules.yaml`. */
export function shippedFile(relativePath: string): string {
  return join(PACKAGE_ROOT, relativePath);
}
