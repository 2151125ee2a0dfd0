import { isUnknown } from "./unknown";

/** A statement with every list-or-string field normalised to a list. */
export interface Statement {
  /** 1-based, as a reader counts them in the document. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions?: string[];
  readonly notActions?: string[];
  readonly resources?: string[];
  readonly notResources?: string[];
  /** `"*"` for `Principal: "*"`, else principal type → values (`AWS`, `Service`, `Federated`). */
  readonly principal?: "*" | Record<string, string[]>;
  readonly condition?: Record<string, Record<string, unknown>>;
}

/** What a policy document is for, which decides which checks apply. */
export type DocumentKind = "identity" | "resource" | "trust";

/** One IAM policy document a resource carries, found by `documentsOf`. */
export interface PolicyDocument {
  readonly kind: DocumentKind;
  /** Where it sits in the resource, e.g. `policy` or `inlinePolicies[1].policy`. */
  readonly property: string;
  /** `unknown` during preview when the document is built from outputs; `invalid` if not JSON. */
  readonly status: "parsed" | "unknown" | "invalid";
  readonly statements: Statement[];
}

const list = (value: unknown): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String);

function normaliseStatement(value: Record<string, unknown>, index: number): Statement {
  const principal = value.Principal;
  return {
    index,
    sid: typeof value.Sid === "string" ? value.Sid : undefined,
    effect: value.Effect === "Deny" ? "Deny" : "Allow",
    actions: list(value.Action),
    notActions: list(value.NotAction),
    resources: list(value.Resource),
    notResources: list(value.NotResource),
    principal:
      principal === undefined
        ? undefined
        : principal === "*"
          ? "*"
          : Object.fromEntries(
              Object.entries(principal as Record<string, unknown>).map(([k, v]) => [k, list(v)!]),
            ),
    condition: value.Condition as Statement["condition"],
  };
}

/** Parses a policy document given as JSON text or as an object. */
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
  const raw = (document as Record<string, unknown>).Statement;
  if (isUnknown(raw)) return { status: "unknown", statements: [] };
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Record<
    string,
    unknown
  >[];
  return { status: "parsed", statements: statements.map((s, i) => normaliseStatement(s, i + 1)) };
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

/** `statement 2 (Sid "ReadData")`, for messages. */
export function describeStatement(statement: Statement): string {
  return statement.sid
    ? `statement ${statement.index} (Sid "${statement.sid}")`
    : `statement ${statement.index}`;
}

/** True when the principal includes everyone: `"*"` or `{ AWS: "*" }`. */
export function isEveryone(principal: Statement["principal"]): boolean {
  if (principal === undefined) return false;
  if (principal === "*") return true;
  return Object.values(principal).some((values) => values.includes("*"));
}

/** Condition keys that pin a `*` principal to an account, organisation, source or network. */
const NARROWING_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:principalorgid",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:resourceorgid",
];

/** True when a condition limits who can use the statement (so `Principal: "*"` is not public). */
export function hasNarrowingCondition(statement: Statement): boolean {
  return Object.values(statement.condition ?? {}).some((operands) =>
    Object.keys(operands ?? {}).some((key) => NARROWING_KEYS.includes(key.toLowerCase())),
  );
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
export function isAccountRootDelegation(type: string, statement: Statement): boolean {
  if (type !== "aws:kms/key:Key" && type !== "aws:kms/keyPolicy:KeyPolicy") return false;
  const principals = statement.principal === "*" ? ["*"] : (statement.principal?.AWS ?? []);
  return (
    principals.length > 0 &&
    principals.every((p) => /^(arn:aws[\w-]*:iam::\d{12}:root|\d{12})$/.test(p))
  );
}
