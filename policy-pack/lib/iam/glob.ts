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

/**
 * True when every value the `inner` glob matches is matched by `outer` too, as far as a prefix
 * test can tell: `outer` is `inner` itself, a literal `inner` matches it, or `outer` is a literal
 * prefix and a trailing `*` that `inner`'s literal prefix starts with. False when unsure, so a
 * caller can rely on a true answer.
 */
export function globCovers(outer: string, inner: string, options: GlobOptions = {}): boolean {
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  if (fold(outer) === fold(inner)) return true;
  if (!hasWildcard(inner)) return matchesGlob(outer, inner, options);
  const prefix = outer.slice(0, -1);
  if (!outer.endsWith("*") || hasWildcard(prefix)) return false;
  const innerPrefix = inner.slice(0, inner.search(/[*?]/));
  return fold(innerPrefix).startsWith(fold(prefix));
}
