import type { PolicyStatement } from "./policy-document";

/** A statement's `Condition` element: operator → condition key → value(s). */
export type ConditionBlock = NonNullable<PolicyStatement["condition"]>;

/**
 * How long temporary credentials can stay valid after they are issued: 36 hours, the longest
 * duration of GetSessionToken and GetFederationToken (a role session lasts at most 12 hours).
 */
export const MAX_TOKEN_LIFETIME_MS = 36 * 60 * 60 * 1000;

/**
 * The time keys whose value can only grow: a request made now or later carries a value of at least
 * `now - maxAgeMs`. `aws:TokenIssueTime` is absent from requests signed with long-term keys, so an
 * `…IfExists` operator on it holds for them whatever its bound.
 */
const TIME_KEYS: ReadonlyMap<
  string,
  { readonly maxAgeMs: number; readonly alwaysPresent: boolean }
> = new Map([
  ["aws:currenttime", { maxAgeMs: 0, alwaysPresent: true }],
  ["aws:epochtime", { maxAgeMs: 0, alwaysPresent: true }],
  ["aws:tokenissuetime", { maxAgeMs: MAX_TOKEN_LIFETIME_MS, alwaysPresent: false }],
]);

/** Which side of the key's value an operator bounds; `DateEquals` bounds both. */
const DATE_OPERATORS: ReadonlyMap<string, { readonly lower: boolean; readonly upper: boolean }> =
  new Map([
    ["DateLessThan", { lower: false, upper: true }],
    ["DateLessThanEquals", { lower: false, upper: true }],
    ["DateGreaterThan", { lower: true, upper: false }],
    ["DateGreaterThanEquals", { lower: true, upper: false }],
    ["DateEquals", { lower: true, upper: true }],
  ]);

/** Keys every request carries (AWS global condition keys: "always included in the request context"). */
const ALWAYS_PRESENT_KEYS: ReadonlySet<string> = new Set([
  "aws:currenttime",
  "aws:epochtime",
  "aws:securetransport",
]);

/** Boolean keys that every request carries. */
const ALWAYS_PRESENT_BOOLEAN_KEYS: ReadonlySet<string> = new Set(["aws:securetransport"]);

/** The values of one condition key as a list (IAM ORs them). */
export function conditionValues(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** A date condition value in milliseconds: epoch seconds or an ISO 8601 date; undefined otherwise. */
function dateValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** The smallest interval of a time key's value that the conditions on it allow. */
interface TimeWindow {
  lower: number;
  lowerStrict: boolean;
  upper: number;
  upperStrict: boolean;
}

function narrowWindow(
  window: TimeWindow,
  operator: string,
  bounds: { lower: boolean; upper: boolean },
  times: number[],
): void {
  // The values are ORed, so the operator allows up to the largest value and down to the smallest.
  const strict = !operator.endsWith("Equals");
  if (bounds.upper) {
    const upper = Math.max(...times);
    if (upper < window.upper || (upper === window.upper && strict)) {
      window.upper = upper;
      window.upperStrict = strict;
    }
  }
  if (bounds.lower) {
    const lower = Math.min(...times);
    if (lower > window.lower || (lower === window.lower && strict)) {
      window.lower = lower;
      window.lowerStrict = strict;
    }
  }
}

/**
 * True when no request made at `now` or later can satisfy the condition, because it bounds a time
 * key to a window that has passed (`DateLessThan aws:CurrentTime 2020-01-01`) or to bounds that
 * exclude each other, asks for a key every request carries to be absent (`Null aws:SecureTransport
 * true`), or asks `aws:SecureTransport` to be both true and false. Only the date operators on
 * `aws:CurrentTime`, `aws:EpochTime` and `aws:TokenIssueTime`, `Bool` on `aws:SecureTransport`
 * and `Null` are judged; every other condition counts as satisfiable, as does a value that is
 * not a date or a boolean. Without `now`, the time keys are not judged.
 */
export function isUnsatisfiableCondition(
  condition: ConditionBlock | undefined,
  now?: Date,
): boolean {
  if (!condition) return false;
  const windows = new Map<string, TimeWindow>();
  const booleans = new Map<string, Set<string>>();
  for (const [operator, keys] of Object.entries(condition)) {
    const ifExists = operator.endsWith("IfExists");
    const baseOperator = ifExists ? operator.slice(0, -"IfExists".length) : operator;
    if (typeof keys === "object" && keys !== null) {
      if (operator === "Null" && asksAbsent(keys)) return true;
      if (baseOperator === "Bool") allowBooleans(booleans, keys);
    }
    const bounds = DATE_OPERATORS.get(baseOperator);
    if (!bounds || !now || typeof keys !== "object" || keys === null) continue;
    for (const [key, value] of Object.entries(keys)) {
      const lowerKey = key.toLowerCase();
      const timeKey = TIME_KEYS.get(lowerKey);
      if (!timeKey || (ifExists && !timeKey.alwaysPresent)) continue;
      const times = conditionValues(value).map(dateValue);
      if (times.length === 0 || times.some((time) => time === undefined)) continue;
      let window = windows.get(lowerKey);
      if (!window) {
        window = {
          lower: now.getTime() - timeKey.maxAgeMs,
          lowerStrict: false,
          upper: Infinity,
          upperStrict: true,
        };
        windows.set(lowerKey, window);
      }
      narrowWindow(window, baseOperator, bounds, times as number[]);
    }
  }
  for (const allowed of booleans.values()) if (allowed.size === 0) return true;
  for (const window of windows.values()) {
    if (window.upper < window.lower) return true;
    if (window.upper === window.lower && (window.upperStrict || window.lowerStrict)) return true;
  }
  return false;
}

/** True when a `Null` block asks that a key every request carries be absent. */
function asksAbsent(keys: Record<string, unknown>): boolean {
  return Object.entries(keys).some(
    ([key, value]) =>
      ALWAYS_PRESENT_KEYS.has(key.toLowerCase()) &&
      conditionValues(value).every((entry) => String(entry).toLowerCase() === "true"),
  );
}

/** Narrows, per always-present boolean key, the values that every `Bool` block so far allows. */
function allowBooleans(booleans: Map<string, Set<string>>, keys: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(keys)) {
    const lowerKey = key.toLowerCase();
    if (!ALWAYS_PRESENT_BOOLEAN_KEYS.has(lowerKey)) continue;
    const values = conditionValues(value).map((entry) => String(entry).toLowerCase());
    if (!values.every((entry) => entry === "true" || entry === "false")) continue;
    const allowed = booleans.get(lowerKey);
    booleans.set(
      lowerKey,
      allowed ? new Set(values.filter((entry) => allowed.has(entry))) : new Set(values),
    );
  }
}
