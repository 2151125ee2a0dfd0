import type { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { isEveryone, type PolicyStatement } from "../../../../policy-pack/lib/iam/policy-document";

/** What one Allow statement really grants once wildcards are expanded and Deny statements applied. */
export interface StatementGrant {
  readonly statement: PolicyStatement;
  /** Expanded actions (NotAction: the catalogue minus its patterns) minus the blanket-denied ones. */
  readonly actions: ActionSet;
  /** `Resource` holds `*` or a whole resource type (`arn:aws:iam::*:role/*`), or `NotResource` is used. */
  readonly broadResource: boolean;
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

/**
 * A Deny removes actions from the Allow statements only when it applies always and everywhere: no
 * Condition and `Resource: "*"`. A conditional or resource-limited Deny leaves the grant standing,
 * because the grant still holds in the cases the Deny does not cover.
 */
function blanketDenied(
  statements: readonly PolicyStatement[],
  catalogue: ActionCatalogue,
): ActionSet | undefined {
  let denied: ActionSet | undefined;
  for (const statement of statements) {
    const blanket =
      statement.effect === "Deny" &&
      !statement.hasCondition &&
      !statement.notResource &&
      !statement.notPrincipal &&
      (statement.resource ? statement.resource.includes("*") : isEveryone(statement.principal));
    if (!blanket) continue;
    const actions = statementActions(statement, catalogue);
    denied = denied ? denied.union(actions) : actions;
  }
  return denied;
}

/** The grants of every Allow statement of a document, in statement order. */
export function effectiveGrants(
  statements: readonly PolicyStatement[],
  catalogue: ActionCatalogue,
): StatementGrant[] {
  const denied = blanketDenied(statements, catalogue);
  return statements
    .filter((statement) => statement.effect === "Allow")
    .map((statement) => {
      let actions = statementActions(statement, catalogue);
      if (denied) actions = actions.subtract(denied);
      return { statement, actions, broadResource: isBroadResource(statement) };
    });
}
