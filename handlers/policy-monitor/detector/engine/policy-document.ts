/** Raised when a policy document is not valid JSON or not shaped like an IAM policy. */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPolicyError";
  }
}

/** One principal of a trust policy: `*`, or a `{ AWS | Service | Federated | CanonicalUser }` value. */
export interface PrincipalEntry {
  readonly kind: "*" | "AWS" | "Service" | "Federated" | "CanonicalUser";
  readonly value: string;
}

/** A statement with every string-or-array field turned into an array. */
export interface PolicyStatementView {
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: readonly PrincipalEntry[];
  readonly notPrincipal?: readonly PrincipalEntry[];
  readonly hasCondition: boolean;
  /** The statement as written, for the violation's finding. */
  readonly raw: Record<string, unknown>;
}

const PRINCIPAL_KINDS = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === "string")) {
    throw new MalformedPolicyError(`${where} must be a string or a non-empty array of strings`);
  }
  return list as string[];
}

function principals(value: unknown, where: string): PrincipalEntry[] | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return [{ kind: "*", value: "*" }];
  if (!isRecord(value)) throw new MalformedPolicyError(`${where} must be "*" or an object`);
  const entries: PrincipalEntry[] = [];
  for (const [kind, values] of Object.entries(value)) {
    if (!(PRINCIPAL_KINDS as readonly string[]).includes(kind)) {
      throw new MalformedPolicyError(
        `${where}.${kind} is not a principal type (${PRINCIPAL_KINDS.join(", ")})`,
      );
    }
    for (const item of stringList(values, `${where}.${kind}`)!) {
      entries.push({ kind: kind as PrincipalEntry["kind"], value: item });
    }
  }
  return entries;
}

/**
 * Decodes a policy document as CloudTrail or IAM hands it over. IAM's GetPolicyVersion and
 * GetRolePolicy return the JSON URL-encoded (RFC 3986); CloudTrail and moto return it plain.
 * So: plain JSON first, then the URL-decoded form.
 */
export function decodePolicyDocument(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not plain JSON: try the URL-encoded form below.
  }
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    throw new MalformedPolicyError(`${where} is neither JSON nor URL-encoded JSON`);
  }
}

/** Parses a policy document (object or JSON text) into statement views, naming the bad field. */
export function parsePolicyDocument(document: unknown, where: string): PolicyStatementView[] {
  const parsed = typeof document === "string" ? decodePolicyDocument(document, where) : document;
  if (!isRecord(parsed)) throw new MalformedPolicyError(`${where} must be a JSON object`);
  const statements = Array.isArray(parsed.Statement)
    ? parsed.Statement
    : parsed.Statement === undefined
      ? undefined
      : [parsed.Statement];
  if (!statements) throw new MalformedPolicyError(`${where}.Statement is missing`);
  return statements.map((statement, index) => {
    const at = `${where}.Statement[${index}]`;
    if (!isRecord(statement)) throw new MalformedPolicyError(`${at} must be an object`);
    if (statement.Effect !== "Allow" && statement.Effect !== "Deny") {
      throw new MalformedPolicyError(`${at}.Effect must be Allow or Deny`);
    }
    const view: PolicyStatementView = {
      index,
      sid: typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined,
      effect: statement.Effect,
      action: stringList(statement.Action, `${at}.Action`),
      notAction: stringList(statement.NotAction, `${at}.NotAction`),
      resource: stringList(statement.Resource, `${at}.Resource`),
      notResource: stringList(statement.NotResource, `${at}.NotResource`),
      principal: principals(statement.Principal, `${at}.Principal`),
      notPrincipal: principals(statement.NotPrincipal, `${at}.NotPrincipal`),
      hasCondition: isRecord(statement.Condition) && Object.keys(statement.Condition).length > 0,
      raw: statement,
    };
    if (!view.action && !view.notAction) {
      throw new MalformedPolicyError(`${at} needs Action or NotAction`);
    }
    return view;
  });
}
