import type { PrincipalScope } from "../../../../contracts/policy-monitor-config/rules-schema";
import { matchesGlob } from "../../../../policy-pack/lib/iam/glob";
import type {
  PolicyStatement,
  PrincipalEntry,
} from "../../../../policy-pack/lib/iam/policy-document";
import type { DocumentContext } from "./types";

const ANY_ACCOUNT_ARN = /^arn:[^:]*:(iam|sts)::[^:]*[*?][^:]*:/;
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const PRINCIPAL_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/;
/** A policy variable (`${aws:username}`): it can stand for any name. */
const POLICY_VARIABLE = /\$\{[^}]*\}/g;
/** A user ARN that names the caller itself, whoever holds the policy. */
const CALLER_USER_ARN = /^arn:[^:]*:iam::[^:]*:user\/(?:[^$]*\/)?\$\{aws:username\}$/i;

function isAwsEntry(entry: PrincipalEntry): boolean {
  return entry.kind === "AWS";
}

/** The account of an AWS principal (an ARN or a bare account id); undefined for wildcards. */
function accountOf(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  return PRINCIPAL_ARN.exec(value)?.[1];
}

/** True when the statement's Principal is of the kind the rule asks for. */
export function principalMatches(
  statement: PolicyStatement,
  wanted: PrincipalScope | undefined,
  account: string | undefined,
): boolean {
  if (!wanted || wanted === "any") return true;
  const principals = statement.principal ?? [];
  switch (wanted) {
    case "wildcard":
      return (
        statement.notPrincipal !== undefined ||
        principals.some((entry) => entry.kind === "*" || (isAwsEntry(entry) && entry.value === "*"))
      );
    case "anyAccount":
      return principals.some((entry) => isAwsEntry(entry) && ANY_ACCOUNT_ARN.test(entry.value));
    case "accountRoot":
      return principals.some(
        (entry) =>
          isAwsEntry(entry) && (ACCOUNT_ID.test(entry.value) || ACCOUNT_ROOT_ARN.test(entry.value)),
      );
    case "otherAccount":
      return (
        account !== undefined &&
        principals.some((entry) => {
          if (!isAwsEntry(entry)) return false;
          const other = accountOf(entry.value);
          return other !== undefined && other !== account;
        })
      );
  }
}

/** True when a Resource pattern covers the ARN; a policy variable may stand for anything. */
function resourceCovers(pattern: string, arn: string): boolean {
  return matchesGlob(pattern.replace(POLICY_VARIABLE, "*"), arn);
}

/**
 * True when the statement's resources cover the document's own managed policy or the principal
 * it is embedded in or attached to: a policy that may rewrite itself or its owner. A user ARN
 * ending in `${aws:username}` is the caller's own user, so it covers its holder in any context.
 */
export function coversSelf(statement: PolicyStatement, context: DocumentContext): boolean {
  if (statement.resource?.some((pattern) => CALLER_USER_ARN.test(pattern))) return true;
  const own = [context.policyArn, context.principalArn].filter(
    (arn): arn is string => arn !== undefined,
  );
  if (own.length === 0) return false;
  if (statement.notResource) {
    const excluded = statement.notResource;
    return own.some((arn) => !excluded.some((pattern) => resourceCovers(pattern, arn)));
  }
  const resources = statement.resource ?? [];
  return resources.some((pattern) => own.some((arn) => resourceCovers(pattern, arn)));
}
