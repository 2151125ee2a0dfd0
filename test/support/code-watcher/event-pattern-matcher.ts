/**
 * A small EventBridge matcher for tests: equals, `prefix`, `exists` and `$or`, over nested objects;
 * an event array field matches when any of its elements does.
 */
type Pattern = Record<string, unknown>;

function matchesValue(value: unknown, rule: unknown): boolean {
  if (rule !== null && typeof rule === "object") {
    const filter = rule as { prefix?: string; exists?: boolean };
    if (filter.exists !== undefined) return filter.exists === (value !== undefined);
    if (filter.prefix !== undefined)
      return typeof value === "string" && value.startsWith(filter.prefix);
    throw new Error(`unsupported filter ${JSON.stringify(rule)}`);
  }
  return value === rule;
}

export function matchesPattern(event: unknown, pattern: Pattern): boolean {
  const object = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === "$or") return (rule as Pattern[]).some((branch) => matchesPattern(object, branch));
    const value = object[key];
    if (Array.isArray(rule)) {
      const values = Array.isArray(value) ? value : [value];
      return rule.some((r) =>
        (r as { exists?: boolean })?.exists === false
          ? value === undefined
          : value !== undefined && values.some((v) => matchesValue(v, r)),
      );
    }
    return value !== null && typeof value === "object" && matchesPattern(value, rule as Pattern);
  });
}
