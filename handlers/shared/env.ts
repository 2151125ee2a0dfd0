/** Raised when a handler's environment is missing a variable or holds a bad value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}

export function optionalEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

export function integerEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min?: number; max?: number } = {},
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function booleanEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["true", "1", "yes"].includes(raw)) return true;
  if (["false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * Reads a handler's environment and collects every problem instead of stopping at the first, so a
 * function deployed with several variables missing says so in one error. Each read returns a
 * placeholder when its variable is bad; `readEnv` throws before any placeholder is used.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value; a missing or blank variable is a problem. */
  required(name: string): string {
    return this.attempt(() => requireEnv(this.env, name), "");
  }

  /** The trimmed value, or undefined when the variable is blank or absent. */
  present(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  optional(name: string, fallback: string): string {
    return optionalEnv(this.env, name, fallback);
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    return this.attempt(() => integerEnv(this.env, name, fallback, range), fallback);
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.attempt(() => booleanEnv(this.env, name, fallback), fallback);
  }

  /** Records a problem the caller found itself (two variables that must be set together, …). */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Runs a read that may throw ConfigError, recording its message and returning the fallback. */
  attempt<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(error.message);
      return fallback;
    }
  }

  /** Throws one ConfigError naming every problem; one problem keeps its own message. */
  check(): void {
    if (this.problems.length === 1) throw new ConfigError(this.problems[0]);
    if (this.problems.length > 1) {
      throw new ConfigError(
        `${this.problems.length} environment problems: ${this.problems.join("; ")}`,
      );
    }
  }
}

/** Runs `read` over the environment and throws one ConfigError listing every problem it found. */
export function readEnv<T>(env: NodeJS.ProcessEnv, read: (reader: EnvReader) => T): T {
  const reader = new EnvReader(env);
  const value = read(reader);
  reader.check();
  return value;
}
