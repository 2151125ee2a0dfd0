/**
 * A secret whose value cannot be used: not JSON, no password, not a postgres URL, a part of the URL
 * missing with no fallback. The message names the secret and the part, never a secret value.
 */
export class MalformedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedSecretError";
  }
}

/** The custom secret was written but the app could not be told to redeploy. */
export class RedeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedeployError";
  }
}

/** One or more pairs failed; the others were synced. The message lists each failure. */
export class SecretSyncError extends Error {
  constructor(
    message: string,
    readonly failures: readonly { customSecretArn: string; error: Error }[],
  ) {
    super(message);
    this.name = "SecretSyncError";
  }
}
