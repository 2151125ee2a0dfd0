import {
  CODE_WATCHER_ENV as ENV,
  DEFAULT_DEST_PREFIX,
  defaultStatePrefix,
} from "../../contracts/code-watcher";
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

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}

/** Reads the watcher's settings from its environment; a bad value names the variable. */
export function loadWatcherConfig(env: NodeJS.ProcessEnv): WatcherConfig {
  const destBucket = requireEnv(env, ENV.destBucket);
  const destPrefix = trimSlashes(optionalEnv(env, ENV.destPrefix, DEFAULT_DEST_PREFIX));
  if (!destPrefix) throw new ConfigError(`${ENV.destPrefix} must not be only slashes`);
  const statePrefix = trimSlashes(
    optionalEnv(env, ENV.statePrefix, defaultStatePrefix(destPrefix)),
  );
  if (!statePrefix) throw new ConfigError(`${ENV.statePrefix} must not be only slashes`);
  const targetFunctions = optionalEnv(env, ENV.targetFunctions, "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return {
    destBucket,
    destPrefix,
    statePrefix,
    targetFunctions,
    sweepAllFunctions: booleanEnv(env, ENV.sweepAllFunctions, false),
  };
}
