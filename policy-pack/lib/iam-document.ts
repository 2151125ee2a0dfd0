import { isEveryone, readPolicyDocument, type PolicyStatement } from "./iam/policy-document";
import { isUnknown } from "./unknown";

/** What a policy document is for, which decides which checks apply. */
export type DocumentKind = "identity" | "resource" | "trust";

/** One IAM policy document a resource carries, found by `documentsOf`. */
export interface PolicyDocument {
  readonly kind: DocumentKind;
  /** Where it sits in the resource, e.g. `policy` or `inlinePolicies[1].policy`. */
  readonly property: string;
  /** `unknown` during preview when the document is built from outputs; `invalid` if not JSON. */
  readonly status: "parsed" | "unknown" | "invalid";
  readonly statements: PolicyStatement[];
}

/**
 * Parses a policy document given as JSON text or as an object. The policies judge what they can
 * read: a statement that breaks IAM's grammar is read leniently, since `up` fails on it anyway.
 */
export function parseDocument(value: unknown): Pick<PolicyDocument, "status" | "statements"> {
  if (isUnknown(value)) return { status: "unknown", statements: [] };
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value);
    } catch {
      return { status: "invalid", statements: [] };
    }
  }
  if (typeof document !== "object" || document === null)
    return { status: "invalid", statements: [] };
  if (isUnknown((document as Record<string, unknown>).Statement)) {
    return { status: "unknown", statements: [] };
  }
  return { status: "parsed", statements: readPolicyDocument(document, "policy").statements };
}

/** The policy properties of each resource type that carries an IAM document. */
const DOCUMENT_PROPERTIES: Record<string, { property: string; kind: DocumentKind }[]> = {
  "aws:iam/rolePolicy:RolePolicy": [{ property: "policy", kind: "identity" }],
  "aws:iam/userPolicy:UserPolicy": [{ property: "policy", kind: "identity" }],
  "aws:iam/groupPolicy:GroupPolicy": [{ property: "policy", kind: "identity" }],
  "aws:iam/policy:Policy": [{ property: "policy", kind: "identity" }],
  "aws:iam/role:Role": [{ property: "assumeRolePolicy", kind: "trust" }],
  "aws:s3/bucketPolicy:BucketPolicy": [{ property: "policy", kind: "resource" }],
  "aws:sqs/queuePolicy:QueuePolicy": [{ property: "policy", kind: "resource" }],
  "aws:sqs/queue:Queue": [{ property: "policy", kind: "resource" }],
  "aws:sns/topicPolicy:TopicPolicy": [{ property: "policy", kind: "resource" }],
  "aws:sns/topic:Topic": [{ property: "policy", kind: "resource" }],
  "aws:kms/key:Key": [{ property: "policy", kind: "resource" }],
  "aws:kms/keyPolicy:KeyPolicy": [{ property: "policy", kind: "resource" }],
  "aws:secretsmanager/secretPolicy:SecretPolicy": [{ property: "policy", kind: "resource" }],
  "aws:ecr/repositoryPolicy:RepositoryPolicy": [{ property: "policy", kind: "resource" }],
};

/** Every resource type `documentsOf` reads a document from. */
export const DOCUMENT_TYPES: readonly string[] = Object.keys(DOCUMENT_PROPERTIES);

/** The IAM documents a resource carries (including `Role.inlinePolicies[].policy`). */
export function documentsOf(type: string, props: Record<string, unknown>): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  for (const { property, kind } of DOCUMENT_PROPERTIES[type] ?? []) {
    if (props[property] === undefined || props[property] === "") continue;
    documents.push({ kind, property, ...parseDocument(props[property]) });
  }
  if (type === "aws:iam/role:Role") {
    const inline = props.inlinePolicies;
    if (isUnknown(inline)) {
      documents.push({
        kind: "identity",
        property: "inlinePolicies",
        status: "unknown",
        statements: [],
      });
    } else if (Array.isArray(inline)) {
      inline.forEach((entry: Record<string, unknown>, index) => {
        if (entry?.policy === undefined || entry.policy === "") return;
        documents.push({
          kind: "identity",
          property: `inlinePolicies[${index}].policy`,
          ...parseDocument(entry.policy),
        });
      });
    }
  }
  return documents;
}

/** `statement 2 (Sid "ReadData")` for `Statement[1]`: messages count statements from 1, as a reader does. */
export function describeStatement(statement: PolicyStatement): string {
  const number = statement.index + 1;
  return statement.sid ? `statement ${number} (Sid "${statement.sid}")` : `statement ${number}`;
}

/** Condition keys that pin a `*` principal to an account, organisation, source or network. */
const NARROWING_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:resourceorgid",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  // KMS's own key for the caller's account: `*` with it is any principal of that account.
  "kms:calleraccount",
];

/** True when a condition limits who can use the statement (so `Principal: "*"` is not public). */
export function hasNarrowingCondition(statement: PolicyStatement): boolean {
  return Object.values(statement.condition ?? {}).some((operands) =>
    Object.keys(operands ?? {}).some((key) => NARROWING_KEYS.includes(key.toLowerCase())),
  );
}

/** True for an Allow to `Principal: "*"` that no condition narrows to known callers. */
export function allowsEveryoneUnconditionally(statement: PolicyStatement): boolean {
  return (
    statement.effect === "Allow" &&
    isEveryone(statement.principal) &&
    !hasNarrowingCondition(statement)
  );
}

/** True for an Allow whose resources include `"*"`. */
export function allowsOnEveryResource(statement: PolicyStatement): boolean {
  return statement.effect === "Allow" && (statement.resource ?? []).includes("*");
}

/**
 * The documents of `kinds` a resource carries; an unknown document (preview) is reported through
 * `unknown` and skipped, an unparsable one through `invalid`.
 */
export function documentsToCheck(
  type: string,
  props: Record<string, unknown>,
  kinds: readonly DocumentKind[],
  unknown: (property: string) => void,
): PolicyDocument[] {
  return documentsOf(type, props).filter((document) => {
    if (!kinds.includes(document.kind)) return false;
    if (document.status === "unknown") unknown(document.property);
    return document.status === "parsed";
  });
}

/** True for the account-root delegation statement of a default key policy (`kms:*` to `:root`). */
export function isAccountRootDelegation(type: string, statement: PolicyStatement): boolean {
  if (type !== "aws:kms/key:Key" && type !== "aws:kms/keyPolicy:KeyPolicy") return false;
  const principals = (statement.principal ?? [])
    .filter((entry) => entry.kind === "*" || entry.kind === "AWS")
    .map((entry) => entry.value);
  return (
    principals.length > 0 &&
    principals.every((p) => /^(arn:aws[\w-]*:iam::\d{12}:root|\d{12})$/.test(p))
  );
}
