import type { Finding } from "../../../../contracts/violation";
import { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import { accessLevelMask } from "../../../../policy-pack/lib/iam/catalogue/access-levels";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import type { PolicyStatement } from "../../../../policy-pack/lib/iam/policy-document";
import { effectiveGrants, type StatementGrant } from "./grants";
import type {
  ActionFilter,
  Rule,
  StatementFilter,
} from "../../../../contracts/policy-monitor-config/rules-schema";
import { servicesInWindow, summarizeActions } from "./summarize";

/** Permission policies (managed, inline) or a role's trust policy. */
export type DocumentKind = "identity" | "trust";

export interface RuleHit {
  readonly rule: Rule;
  readonly findings: Finding[];
}

const ANY_ACCOUNT_ARN = /^arn:[^:]*:iam::[^:]*[*?][^:]*:/;

function principalMatches(statement: PolicyStatement, wanted: StatementFilter["principal"]) {
  if (!wanted || wanted === "any") return true;
  const principals = statement.principal ?? [];
  if (wanted === "wildcard") {
    return (
      statement.notPrincipal !== undefined ||
      principals.some(
        (entry) => entry.kind === "*" || (entry.kind === "AWS" && entry.value === "*"),
      )
    );
  }
  return principals.some((entry) => entry.kind === "AWS" && ANY_ACCOUNT_ARN.test(entry.value));
}

function statementPasses(grant: StatementGrant, filter: StatementFilter = {}): boolean {
  const { statement } = grant;
  if (filter.notAction && !statement.notAction) return false;
  if (filter.notResource && !statement.notResource) return false;
  if (filter.resources === "broad" && !grant.broadResource) return false;
  if (filter.conditions === "absent" && statement.hasCondition) return false;
  return principalMatches(statement, filter.principal);
}

/** The statement's actions that the filter is about; empty when the filter does not hold. */
function matchedActions(
  grant: StatementGrant,
  filter: ActionFilter | undefined,
  catalogue: ActionCatalogue,
): ActionSet {
  let actions = grant.actions;
  if (!filter) return actions;
  if (filter.anyOf) {
    const wanted = catalogue.actionSet(filter.anyOf);
    // Most statements grant none of a rule's few actions: tell so before building the intersection.
    if (!actions.intersects(wanted)) return ActionSet.EMPTY;
    actions = actions.intersect(wanted);
  }
  const levelMask = filter.accessLevels ? accessLevelMask(filter.accessLevels) : undefined;
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
    return ActionSet.fromRanges(ranges);
  }
  if (levelMask !== undefined) actions = actions.intersect(catalogue.actionsWithLevels(levelMask));
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

function matchRule(rule: Rule, grants: StatementGrant[], catalogue: ActionCatalogue): Finding[] {
  const candidates: { grant: StatementGrant; actions: ActionSet }[] = [];
  for (let i = 0; i < grants.length; i++) {
    const grant = grants[i];
    if (!statementPasses(grant, rule.match.statement)) continue;
    const actions = matchedActions(grant, rule.match.statement?.actions, catalogue);
    if (!actions.isEmpty()) candidates.push({ grant, actions });
  }
  const groups = rule.match.allOf;
  if (!groups) return candidates.map(({ grant, actions }) => finding(grant, actions, catalogue));

  // Each group is part of everyGroupAction, so a candidate grants a group's action exactly when
  // its contribution below does.
  const everyGroupGranted = groups.every((group) => {
    const groupActions = catalogue.actionSet(group);
    return candidates.some(({ actions }) => actions.intersects(groupActions));
  });
  if (!everyGroupGranted) return [];
  const everyGroupAction = catalogue.actionSet(groups.flat());
  const findings: Finding[] = [];
  for (const { grant, actions } of candidates) {
    const contribution = actions.intersect(everyGroupAction);
    if (!contribution.isEmpty()) findings.push(finding(grant, contribution, catalogue));
  }
  return findings;
}

/** Judges one policy document with every rule that applies to its kind. */
export function evaluateDocument(
  statements: readonly PolicyStatement[],
  kind: DocumentKind,
  rules: readonly Rule[],
  catalogue: ActionCatalogue,
): RuleHit[] {
  const applicable = rules.filter((rule) => (rule.match.document ?? "identity") === kind);
  if (applicable.length === 0) return [];
  const grants = effectiveGrants(statements, catalogue);
  const hits: RuleHit[] = [];
  for (let i = 0; i < applicable.length; i++) {
    const rule = applicable[i];
    const findings = matchRule(rule, grants, catalogue);
    if (findings.length > 0) hits.push({ rule, findings });
  }
  return hits;
}
