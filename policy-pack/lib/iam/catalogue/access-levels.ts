/** IAM access levels as the Service Authorization Reference names them. */
export const ACCESS_LEVELS = [
  "Read",
  "List",
  "Write",
  "Tagging",
  "Permissions management",
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * One letter per access level in `generated/actions.ts`
 * ("Permissions management, Write" → "PW").
 */
export const ACCESS_LEVEL_CODES: Record<AccessLevel, string> = {
  Read: "R",
  List: "L",
  Write: "W",
  Tagging: "T",
  "Permissions management": "P",
};

/**
 * Marks, after an action's access level codes, an action that supports no resource type, so that
 * `"Resource": "*"` is the only way to grant it (`xray:PutTraceSegments` → `"W*"`).
 */
export const WILDCARD_ONLY_MARK = "*";

export interface CatalogueData {
  /** The package and version the extract was made from. */
  readonly source: string;
  /**
   * service key → action name → access level codes, then `WILDCARD_ONLY_MARK` for a wildcard-only
   * action. Actions are in the order of the Service Authorization Reference.
   */
  readonly services: Record<string, Record<string, string>>;
}

/** The access level of each letter of ACCESS_LEVEL_CODES. */
export const LEVEL_BY_CODE: ReadonlyMap<string, AccessLevel> = new Map(
  Object.entries(ACCESS_LEVEL_CODES).map(([level, code]) => [code, level as AccessLevel]),
);

/** One bit per access level, in the order of ACCESS_LEVELS. */
export function accessLevelMask(levels: readonly AccessLevel[]): number {
  return levels.reduce((mask, level) => mask | (1 << ACCESS_LEVELS.indexOf(level)), 0);
}
