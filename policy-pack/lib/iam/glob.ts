/**
 * The one wildcard matcher of opsguard, with IAM's semantics: `*` matches any run of characters
 * (none included), `?` exactly one character, and every other character only itself. A pattern
 * matches the whole value, never a part of it.
 *
 * `?` means one character everywhere, also in patterns of principal names, rule ids and resource
 * names: none of these can contain a literal `?`, so no pattern needs to match one.
 */

export interface GlobOptions {
  /**
   * Match letters regardless of case, as IAM does for action names (`S3:getobject`). Defaults to
   * false: ARNs, principal names, resource names and rule ids are case-sensitive.
   */
  readonly ignoreCase?: boolean;
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** True when the pattern holds a wildcard, i.e. it can match more than one value. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** The anchored RegExp of a glob; compile it once when one pattern is tested against many values. */
export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const body = pattern
    .split(/([*?])/)
    .map((part) =>
      part === "*" ? ".*" : part === "?" ? "." : part.replace(REGEXP_SPECIAL, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`, options.ignoreCase ? "i" : "");
}

/** True when the glob matches the whole value. */
export function matchesGlob(pattern: string, value: string, options: GlobOptions = {}): boolean {
  return globToRegExp(pattern, options).test(value);
}
