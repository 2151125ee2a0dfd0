import type { Finding } from "../../../../contracts/violation";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import type { PolicyStatement } from "../../../../policy-pack/lib/iam/policy-document";
import { effectiveGrants, type StatementGrant } from "./grants";
import type { ActionFilter, Rule, StatementFilter } from "./rules-schema";

/** Permission policies (managed, inline) or a role's trust policy. */
export type DocumentKind = "identity" | "trust";

export interface RuleHit {
  readonly rule: Rule;
  readonly findings: Finding[];
}

/** A finding lists at most this many actions, so that a violation stays far below EventBridge's 256 KB. */
export const MAX_FINDING_ACTIONS = 100;

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

function intersect(left: ReadonlySet<string>, right: ReadonlySet<string>): Set<string> {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  return new Set([...small].filter((action) => large.has(action)));
}

/** The statement's actions that the filter is about; empty when the filter does not hold. */
function matchedActions(
  grant: StatementGrant,
  filter: ActionFilter | undefined,
  catalogue: ActionCatalogue,
): ReadonlySet<string> {
  let actions: ReadonlySet<string> = grant.actions;
  if (!filter) return actions;
  if (filter.anyOf) actions = intersect(actions, catalogue.expandAll(filter.anyOf));
  const levels = filter.accessLevels ? new Set<string>(filter.accessLevels) : undefined;
  const hasLevel = (action: string) =>
    !levels || catalogue.accessLevels(action).some((level) => levels.has(level));
  if (filter.everyAction) {
    for (const action of catalogue.everyAction()) if (!actions.has(action)) return new Set();
  }
  if (filter.everyActionOfAService) {
    // Whole services only; with accessLevels, only services that have an action of those levels
    // (all of `pricing:*` is read-only, all of `s3:*` is not).
    const whole = catalogue.services
      .map((service) => catalogue.actionsOfService(service))
      .filter((serviceActions) => serviceActions.every((action) => actions.has(action)))
      .filter((serviceActions) => serviceActions.some(hasLevel));
    return new Set(whole.flat());
  }
  if (levels) actions = new Set([...actions].filter(hasLevel));
  return actions;
}

/** Writes whole services as `service:*` (everything as `*`), sorted, at most MAX_FINDING_ACTIONS. */
export function summarizeActions(
  actions: ReadonlySet<string>,
  catalogue: ActionCatalogue,
): string[] {
  const byService = new Map<string, string[]>();
  for (const action of actions) {
    const service = action.split(":")[0];
    const serviceActions = byService.get(service);
    if (serviceActions) serviceActions.push(action);
    else byService.set(service, [action]);
  }
  const wholeServices = new Set(
    catalogue.services.filter(
      (service) =>
        (byService.get(service)?.length ?? 0) === catalogue.actionsOfService(service).length,
    ),
  );
  if (wholeServices.size === catalogue.services.length) return ["*"];
  const summary: string[] = [];
  for (const [service, serviceActions] of byService) {
    if (wholeServices.has(service)) summary.push(`${service}:*`);
    else summary.push(...serviceActions);
  }
  return summary.sort().slice(0, MAX_FINDING_ACTIONS);
}

function finding(grant: StatementGrant, actions: ReadonlySet<string>, catalogue: ActionCatalogue) {
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
  const candidates = grants
    .filter((grant) => statementPasses(grant, rule.match.statement))
    .map((grant) => ({
      grant,
      actions: matchedActions(grant, rule.match.statement?.actions, catalogue),
    }))
    .filter((candidate) => candidate.actions.size > 0);
  const groups = rule.match.allOf;
  if (!groups) return candidates.map(({ grant, actions }) => finding(grant, actions, catalogue));

  const expandedGroups = groups.map((group) => catalogue.expandAll(group));
  const everyGroupAction = catalogue.expandAll(groups.flat());
  const contributions = candidates.map(({ grant, actions }) => ({
    grant,
    actions: intersect(actions, everyGroupAction),
  }));
  const everyGroupGranted = expandedGroups.every((group) =>
    contributions.some(({ actions }) => [...actions].some((action) => group.has(action))),
  );
  if (!everyGroupGranted) return [];
  return contributions
    .filter(({ actions }) => actions.size > 0)
    .map(({ grant, actions }) => finding(grant, actions, catalogue));
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
  for (const rule of applicable) {
    const findings = matchRule(rule, grants, catalogue);
    if (findings.length > 0) hits.push({ rule, findings });
  }
  return hits;
}
