import { ConfigError, booleanEnv, optionalEnv, requireEnv } from "../shared/env";

/** Where the watcher keeps its backups and what it sweeps when an event names no function. */
export interface WatcherConfig {
  readonly destBucket: string;
  /** Key prefix of the zips, without a trailing slash. */
  readonly destPrefix: string;
  /** Key prefix of the state objects, without a trailing slash. */
  readonly statePrefix: string;
  /** Functions of a manual or scheduled run whose event names none. */
  readonly targetFunctions: readonly string[];
  /** Whether a run that names no function and has no TARGET_FUNCTIONS backs up every function. */
  readonly sweepAllFunctions: boolean;
}

export const DEFAULT_DEST_PREFIX = "lambda-code-backups";

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}

/** Reads the watcher's settings from its environment; a bad value names the variable. */
export function loadWatcherConfig(env: NodeJS.ProcessEnv): WatcherConfig {
  const destBucket = requireEnv(env, "DEST_BUCKET");
  const destPrefix = trimSlashes(optionalEnv(env, "DEST_PREFIX", DEFAULT_DEST_PREFIX));
  if (!destPrefix) throw new ConfigError("DEST_PREFIX must not be only slashes");
  const statePrefix = trimSlashes(optionalEnv(env, "STATE_PREFIX", `${destPrefix}/.state`));
  if (!statePrefix) throw new ConfigError("STATE_PREFIX must not be only slashes");
  const targetFunctions = optionalEnv(env, "TARGET_FUNCTIONS", "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return {
    destBucket,
    destPrefix,
    statePrefix,
    targetFunctions,
    sweepAllFunctions: booleanEnv(env, "SWEEP_ALL_FUNCTIONS", false),
  };
}
