import type { Finding } from "../../../../contracts/violation";
import { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import type { PolicyStatement } from "../../../../policy-pack/lib/iam/policy-document";
import { effectiveGrants, type StatementGrant } from "./grants";
import type { Rule } from "../../../../contracts/policy-monitor-config/rules-schema";
import { compileRules, type CompiledRule } from "./compile";
import { coversSelf, principalMatches } from "./scopes";
import { servicesInWindow, summarizeActions } from "./summarize";
import type { DocumentContext, DocumentKind, RuleHit } from "./types";

const NO_CONTEXT: DocumentContext = {};

function statementPasses(
  grant: StatementGrant,
  compiled: CompiledRule,
  context: DocumentContext,
): boolean {
  const { statement } = grant;
  const { filter } = compiled;
  if (filter.notAction && !statement.notAction) return false;
  if (filter.notResource && !statement.notResource) return false;
  if (filter.conditions === "absent" && statement.hasCondition) return false;
  if (compiled.withoutConditionKeys && statement.condition) {
    for (const keys of Object.values(statement.condition)) {
      if (typeof keys !== "object" || keys === null) continue;
      for (const key of Object.keys(keys)) {
        if (compiled.withoutConditionKeys.has(key.toLowerCase())) return false;
      }
    }
  }
  if (compiled.resourceScopes) {
    const scopes = compiled.resourceScopes;
    const inScope =
      scopes.has("any") ||
      (scopes.has("broad") && grant.broadResource) ||
      (scopes.has("self") && coversSelf(statement, context));
    if (!inScope) return false;
  }
  return principalMatches(statement, filter.principal, context.account);
}

/** The statement's actions that the filter is about; empty when the filter does not hold. */
function matchedActions(
  grant: StatementGrant,
  compiled: CompiledRule,
  catalogue: ActionCatalogue,
): ActionSet {
  let actions = grant.actions;
  const { actionFilter: filter, anyOf, levelMask, except } = compiled;
  if (!filter) return actions;
  if (anyOf) {
    // Most statements grant none of a rule's few actions: tell so before building the intersection.
    if (!actions.intersects(anyOf)) return ActionSet.EMPTY;
    actions = actions.intersect(anyOf);
  }
  if (filter.everyAction && !actions.containsKnown(catalogue.everyActionSet())) {
    return ActionSet.EMPTY;
  }
  if (filter.everyActionOfAService) {
    // Whole services only; with accessLevels, only services that have an action of those levels
    // (all of `pricing:*` is read-only, all of `s3:*` is not).
    const ranges: number[] = [];
    const { serviceStarts, serviceLevelMasks } = catalogue;
    const [firstService, endService] = servicesInWindow(actions, catalogue);
    for (let service = firstService; service < endService; service++) {
      if (levelMask !== undefined && (serviceLevelMasks[service] & levelMask) === 0) continue;
      const start = serviceStarts[service];
      const end = serviceStarts[service + 1];
      if (start < end && actions.hasRange(start, end)) ranges.push(start, end);
    }
    actions = ActionSet.fromRanges(ranges);
  } else if (levelMask !== undefined) {
    actions = actions.intersect(catalogue.actionsWithLevels(levelMask));
    // An action the Condition restricts keeps only the levels it still has.
    for (let i = 0; i < grant.narrowed.length; i++) {
      const narrowed = grant.narrowed[i];
      if ((narrowed.levelMask & levelMask) === 0) actions = actions.subtract(narrowed.actions);
    }
  }
  if (except && !actions.isEmpty()) actions = actions.subtract(except);
  return actions;
}

function finding(grant: StatementGrant, actions: ActionSet, catalogue: ActionCatalogue) {
  const { statement } = grant;
  return {
    statementIndex: statement.index,
    sid: statement.sid,
    actions: summarizeActions(actions, catalogue),
    resources: [...(statement.resource ?? statement.notResource ?? [])],
    statement: statement.raw,
  } satisfies Finding;
}

function matchRule(
  compiled: CompiledRule,
  grants: StatementGrant[],
  catalogue: ActionCatalogue,
  context: DocumentContext,
): Finding[] {
  const candidates: { grant: StatementGrant; actions: ActionSet }[] = [];
  for (let i = 0; i < grants.length; i++) {
    const grant = grants[i];
    if (grant.actions.isEmpty()) continue;
    if (compiled.anyOf && !grant.actions.intersects(compiled.anyOf)) continue;
    if (compiled.everyGroupAction && !grant.actions.intersects(compiled.everyGroupAction)) {
      continue;
    }
    if (!statementPasses(grant, compiled, context)) continue;
    const actions = matchedActions(grant, compiled, catalogue);
    if (!actions.isEmpty()) candidates.push({ grant, actions });
  }
  const { groups, everyGroupAction } = compiled;
  if (!groups || !everyGroupAction) {
    return candidates.map(({ grant, actions }) => finding(grant, actions, catalogue));
  }

  // Each group is part of everyGroupAction, so a candidate grants a group's action exactly when
  // its contribution below does.
  const everyGroupGranted = groups.every((group) =>
    candidates.some(({ actions }) => actions.intersects(group)),
  );
  if (!everyGroupGranted) return [];
  const findings: Finding[] = [];
  for (const { grant, actions } of candidates) {
    const contribution = actions.intersect(everyGroupAction);
    if (!contribution.isEmpty()) findings.push(finding(grant, contribution, catalogue));
  }
  return findings;
}

/**
 * Judges one policy document with every rule that applies to its kind. `context` tells what the
 * document belongs to, for the rules about the policy's own account, policy or principal, and the
 * time its conditions are judged at.
 */
export function evaluateDocument(
  statements: readonly PolicyStatement[],
  kind: DocumentKind,
  rules: readonly Rule[],
  catalogue: ActionCatalogue,
  context: DocumentContext = NO_CONTEXT,
): RuleHit[] {
  const applicable = compileRules(rules, catalogue)[kind];
  if (applicable.length === 0) return [];
  const grants = effectiveGrants(statements, catalogue, context.now);
  const hits: RuleHit[] = [];
  for (let i = 0; i < applicable.length; i++) {
    const compiled = applicable[i];
    const findings = matchRule(compiled, grants, catalogue, context);
    if (findings.length > 0) hits.push({ rule: compiled.rule, findings });
  }
  return hits;
}
