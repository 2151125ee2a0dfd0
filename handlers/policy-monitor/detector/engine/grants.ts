import { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import { accessLevelMask } from "../../../../policy-pack/lib/iam/catalogue/access-levels";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import {
  CONDITION_NARROWINGS,
  narrowingsOf,
} from "../../../../policy-pack/lib/iam/catalogue/condition-narrowings";
import { isUnsatisfiableCondition } from "../../../../policy-pack/lib/iam/conditions";
import { globCovers } from "../../../../policy-pack/lib/iam/glob";
import { isEveryone, type PolicyStatement } from "../../../../policy-pack/lib/iam/policy-document";

/** Actions of a grant that its Condition restricts to fewer access levels than their own. */
export interface NarrowedActions {
  readonly actions: ActionSet;
  /** The levels they keep, as `accessLevelMask` bits. */
  readonly levelMask: number;
}

/** What one Allow statement really grants once wildcards are expanded and Deny statements applied. */
export interface StatementGrant {
  readonly statement: PolicyStatement;
  /**
   * Expanded actions (NotAction: the catalogue minus its patterns) minus those an unconditional
   * Deny takes away on all its resources; none when the statement's Condition can never hold.
   */
  readonly actions: ActionSet;
  /** `Resource` holds `*` or a whole resource type (`arn:aws:iam::*:role/*`), or `NotResource` is used. */
  readonly broadResource: boolean;
  /** Empty unless the Condition pins a key that narrows an action (`CONDITION_NARROWINGS`). */
  readonly narrowed: readonly NarrowedActions[];
}

const NOTHING_NARROWED: readonly NarrowedActions[] = [];

const NARROWED_ACTION_NAMES = CONDITION_NARROWINGS.map((narrowing) => narrowing.action);
const narrowableByCatalogue = new WeakMap<ActionCatalogue, ActionSet>();

function narrowableActions(catalogue: ActionCatalogue): ActionSet {
  let narrowable = narrowableByCatalogue.get(catalogue);
  if (!narrowable) {
    narrowable = catalogue.actionSet(NARROWED_ACTION_NAMES);
    narrowableByCatalogue.set(catalogue, narrowable);
  }
  return narrowable;
}

function narrowedActions(
  statement: PolicyStatement,
  actions: ActionSet,
  catalogue: ActionCatalogue,
): readonly NarrowedActions[] {
  // Reading the Condition is only worth it for a statement that grants a narrowable action.
  if (!statement.hasCondition || !actions.intersects(narrowableActions(catalogue))) {
    return NOTHING_NARROWED;
  }
  const narrowings = narrowingsOf(statement.condition);
  if (narrowings.length === 0) return NOTHING_NARROWED;
  return narrowings.map((narrowing) => ({
    actions: catalogue.actionSet([narrowing.action]),
    levelMask: accessLevelMask(narrowing.levels),
  }));
}

/**
 * An ARN whose resource part is `*` or a whole type (`role/*`, `table:*`): not one named resource.
 * S3 ARNs have no type: `arn:aws:s3:::reports/*` is one bucket, `arn:aws:s3:::*` every bucket.
 */
function isBroadArn(resource: string): boolean {
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  const resourcePart = parts.slice(5).join(":");
  if (parts[2] === "s3" || parts[2] === "*") return resourcePart.startsWith("*");
  return /^(\*|[^:/*?]+[:/]\*)$/.test(resourcePart);
}

export function isBroadResource(statement: PolicyStatement): boolean {
  if (statement.notResource) return true;
  // A statement with no Resource is a trust or resource policy: the resource is the policy's owner.
  if (!statement.resource) return false;
  return statement.resource.some((resource) => resource === "*" || isBroadArn(resource));
}

function statementActions(statement: PolicyStatement, catalogue: ActionCatalogue): ActionSet {
  if (statement.action) return catalogue.actionSet(statement.action);
  return catalogue.everyActionSet().subtract(catalogue.actionSet(statement.notAction!));
}

/** An unconditional Deny: its actions, and its Resource patterns (`*` for every resource). */
interface Denial {
  readonly actions: ActionSet;
  readonly resources: readonly string[];
}

/**
 * A Deny takes actions away from an Allow only when it applies always: no Condition, no
 * NotResource or NotPrincipal. One on `Resource: "*"` (or, in a trust policy, on everyone) takes
 * them from every Allow; one on narrower resources only from an Allow whose every Resource it
 * covers. A conditional Deny, or one that covers part of the Allow's resources, leaves the grant
 * standing, because the grant still holds where the Deny does not reach.
 */
function unconditionalDenials(
  statements: readonly PolicyStatement[],
  catalogue: ActionCatalogue,
): Denial[] {
  const denials: Denial[] = [];
  for (const statement of statements) {
    if (statement.effect !== "Deny" || statement.hasCondition) continue;
    if (statement.notResource || statement.notPrincipal) continue;
    const resources = statement.resource ?? (isEveryone(statement.principal) ? ["*"] : undefined);
    if (!resources) continue;
    denials.push({ actions: statementActions(statement, catalogue), resources });
  }
  return denials;
}

/** The actions the denials take from one Allow statement, or undefined for none. */
function deniedFor(allow: PolicyStatement, denials: readonly Denial[]): ActionSet | undefined {
  let denied: ActionSet | undefined;
  for (const denial of denials) {
    const everywhere = denial.resources.includes("*");
    const covers =
      everywhere ||
      (allow.resource !== undefined &&
        allow.resource.every((resource) =>
          denial.resources.some((pattern) => globCovers(pattern, resource)),
        ));
    if (!covers) continue;
    denied = denied ? denied.union(denial.actions) : denial.actions;
  }
  return denied;
}

/**
 * The grants of every Allow statement of a document, in statement order. An Allow whose Condition
 * no request can satisfy (`isUnsatisfiableCondition`, judged at `now`) grants nothing; without
 * `now`, time conditions count as satisfiable.
 */
export function effectiveGrants(
  statements: readonly PolicyStatement[],
  catalogue: ActionCatalogue,
  now?: Date,
): StatementGrant[] {
  const denials = unconditionalDenials(statements, catalogue);
  const grants: StatementGrant[] = [];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement.effect !== "Allow") continue;
    const unsatisfiable =
      statement.hasCondition && isUnsatisfiableCondition(statement.condition, now);
    let actions = unsatisfiable ? ActionSet.EMPTY : statementActions(statement, catalogue);
    const denied = denials.length > 0 && !unsatisfiable ? deniedFor(statement, denials) : undefined;
    if (denied) actions = actions.subtract(denied);
    grants.push({
      statement,
      actions,
      broadResource: isBroadResource(statement),
      narrowed: narrowedActions(statement, actions, catalogue),
    });
  }
  return grants;
}
