/**
 * What the CodeWatcher component and its handler (`handlers/code-watcher/`) agree on: the
 * environment the component sets and the handler reads, and the defaults of both sides.
 */

/** The handler's environment variables. */
export const CODE_WATCHER_ENV = {
  destBucket: "DEST_BUCKET",
  destPrefix: "DEST_PREFIX",
  statePrefix: "STATE_PREFIX",
  /** Comma-separated function names. */
  targetFunctions: "TARGET_FUNCTIONS",
  /** The design notes' singular spelling of TARGET_FUNCTIONS; its names are added to those. */
  targetFunction: "TARGET_FUNCTION",
  sweepAllFunctions: "SWEEP_ALL_FUNCTIONS",
} as const;

/** Key prefix of the backups, without a trailing slash. */
export const DEFAULT_DEST_PREFIX = "lambda-code-backups";

/** Key prefix of the state objects when none is given: `.state` under the backups. */
export function defaultStatePrefix(destPrefix: string): string {
  return `${destPrefix}/.state`;
}

/** Seconds: a 50 MB package streams in well under that. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** The handler's log `service`. */
export const CODE_WATCHER_SERVICE_NAME = "code-watcher";
