import {
  CODE_WATCHER_ENV as ENV,
  DEFAULT_DEST_PREFIX,
  defaultStatePrefix,
} from "../../contracts/code-watcher";
import { readEnv } from "../shared/env";

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

/** Reads the watcher's settings from its environment; every bad value names its variable. */
export function loadWatcherConfig(env: NodeJS.ProcessEnv): WatcherConfig {
  return readEnv(env, (read) => {
    const destBucket = read.required(ENV.destBucket);
    const destPrefix = trimSlashes(read.optional(ENV.destPrefix, DEFAULT_DEST_PREFIX));
    if (!destPrefix) read.problem(`${ENV.destPrefix} must not be only slashes`);
    const statePrefix = trimSlashes(read.optional(ENV.statePrefix, defaultStatePrefix(destPrefix)));
    if (!statePrefix) read.problem(`${ENV.statePrefix} must not be only slashes`);
    const targetFunctions = [ENV.targetFunctions, ENV.targetFunction]
      .flatMap((variable) => read.optional(variable, "").split(","))
      .map((name) => name.trim())
      .filter((name, index, names) => name.length > 0 && names.indexOf(name) === index);
    return {
      destBucket,
      destPrefix,
      statePrefix,
      targetFunctions,
      sweepAllFunctions: read.boolean(ENV.sweepAllFunctions, false),
    };
  });
}
