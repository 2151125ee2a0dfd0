import type { ConditionBlock } from "../conditions";
import { conditionValues } from "../conditions";
import type { AccessLevel } from "./access-levels";

/**
 * An action that a condition on one of its request keys restricts to less than its access level:
 * a statement whose Condition pins `conditionKey` to some of `values` grants the action only with
 * `levels`.
 */
export interface ConditionNarrowing {
  /** The action's canonical name. */
  readonly action: string;
  readonly conditionKey: string;
  /** The values that restrict the action; compared as IAM compares them for the operator. */
  readonly values: readonly string[];
  readonly levels: readonly AccessLevel[];
  readonly reason: string;
}

/**
 * The narrowings the detector applies. Each entry names a request key that AWS documents for the
 * action and that decides what the action can do, so a policy that pins it grants less than the
 * action's label says.
 */
export const CONDITION_NARROWINGS: readonly ConditionNarrowing[] = [
  {
    action: "s3express:CreateSession",
    conditionKey: "s3express:SessionMode",
    values: ["ReadOnly"],
    levels: ["Read"],
    reason:
      "a session created with SessionMode ReadOnly only reads and lists objects; writes need a ReadWrite session",
  },
];

/**
 * The operators that pin a key to the listed values. `…IfExists` variants do not: a request
 * without the key (CreateSession without SessionMode makes a ReadWrite session) passes them.
 * StringLike pins only with values that hold no wildcard.
 */
const PINNING_OPERATORS: ReadonlyMap<
  string,
  (value: string, allowed: readonly string[]) => boolean
> = new Map([
  ["StringEquals", (value, allowed) => allowed.includes(value)],
  [
    "StringEqualsIgnoreCase",
    (value, allowed) => allowed.some((entry) => entry.toLowerCase() === value.toLowerCase()),
  ],
  ["StringLike", (value, allowed) => !/[*?]/.test(value) && allowed.includes(value)],
]);

/** True when the condition restricts the narrowing's key to its values under one operator. */
function pins(condition: ConditionBlock, narrowing: ConditionNarrowing): boolean {
  const wantedKey = narrowing.conditionKey.toLowerCase();
  return Object.entries(condition).some(([operator, keys]) => {
    const accepts = PINNING_OPERATORS.get(operator);
    if (!accepts || typeof keys !== "object" || keys === null) return false;
    return Object.entries(keys).some(([key, value]) => {
      if (key.toLowerCase() !== wantedKey) return false;
      const values = conditionValues(value);
      return (
        values.length > 0 &&
        values.every((entry) => typeof entry === "string" && accepts(entry, narrowing.values))
      );
    });
  });
}

/** The narrowings that a statement's Condition enforces. */
export function narrowingsOf(condition: ConditionBlock | undefined): ConditionNarrowing[] {
  if (!condition) return [];
  return CONDITION_NARROWINGS.filter((narrowing) => pins(condition, narrowing));
}
