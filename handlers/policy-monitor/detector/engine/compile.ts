import type { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import { accessLevelMask } from "../../../../policy-pack/lib/iam/catalogue/access-levels";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import type {
  ActionFilter,
  ResourceScope,
  Rule,
  StatementFilter,
} from "../../../../contracts/policy-monitor-config/rules-schema";

/** A rule with its patterns expanded once against one catalogue, so documents only test bits. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly catalogue: ActionCatalogue;
  readonly kind: "identity" | "trust";
  readonly filter: StatementFilter;
  readonly actionFilter?: ActionFilter;
  readonly anyOf?: ActionSet;
  readonly except?: ActionSet;
  readonly levelMask?: number;
  /** Undefined when the rule does not limit resources (`any`). */
  readonly resourceScopes?: ReadonlySet<ResourceScope>;
  /** Lower-cased. */
  readonly withoutConditionKeys?: ReadonlySet<string>;
  readonly groups?: readonly ActionSet[];
  /** Every action of every group. */
  readonly everyGroupAction?: ActionSet;
}

/** The rules of one rules array, compiled and split by the kind of document they judge. */
export interface CompiledRules {
  readonly catalogue: ActionCatalogue;
  readonly identity: readonly CompiledRule[];
  readonly trust: readonly CompiledRule[];
}

const compiledRuleSets = new WeakMap<readonly Rule[], CompiledRules>();

function resourceScopes(filter: StatementFilter): ReadonlySet<ResourceScope> | undefined {
  if (filter.resources === undefined) return undefined;
  const scopes = new Set(filter.resources);
  return scopes.has("any") ? undefined : scopes;
}

/**
 * The rules compiled for the catalogue, in their order; cached per rules array for as long as it
 * lives, so that a detector that keeps its parsed rules compiles them once.
 */
export function compileRules(rules: readonly Rule[], catalogue: ActionCatalogue): CompiledRules {
  const cached = compiledRuleSets.get(rules);
  if (cached && cached.catalogue === catalogue) return cached;
  const compiled = rules.map((rule) => compileRule(rule, catalogue));
  const set: CompiledRules = {
    catalogue,
    identity: compiled.filter((rule) => rule.kind === "identity"),
    trust: compiled.filter((rule) => rule.kind === "trust"),
  };
  compiledRuleSets.set(rules, set);
  return set;
}

function compileRule(rule: Rule, catalogue: ActionCatalogue): CompiledRule {
  const filter = rule.match.statement ?? {};
  const actionFilter = filter.actions;
  const groups = rule.match.allOf;
  const compiled: CompiledRule = {
    rule,
    catalogue,
    kind: rule.match.document ?? "identity",
    filter,
    actionFilter,
    anyOf: actionFilter?.anyOf ? catalogue.actionSet(actionFilter.anyOf) : undefined,
    except: actionFilter?.except ? catalogue.actionSet(actionFilter.except) : undefined,
    levelMask: actionFilter?.accessLevels ? accessLevelMask(actionFilter.accessLevels) : undefined,
    resourceScopes: resourceScopes(filter),
    withoutConditionKeys: filter.withoutConditionKeys
      ? new Set(filter.withoutConditionKeys.map((key) => key.toLowerCase()))
      : undefined,
    groups: groups?.map((group) => catalogue.actionSet(group)),
    everyGroupAction: groups ? catalogue.actionSet(groups.flat()) : undefined,
  };
  return compiled;
}
