/** Raised when a policy document is not valid JSON or not shaped like an IAM policy. */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPolicyError";
  }
}

/** The principal types an IAM policy names. */
export const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

/**
 * One principal of a statement: `*` for `Principal: "*"`, else one value of a principal type. The
 * type is as written: a lenient reader keeps one that is not in `PRINCIPAL_TYPES`.
 */
export interface PrincipalEntry {
  readonly kind: string;
  readonly value: string;
}

/** A statement with every string-or-array element turned into an array. */
export interface PolicyStatement {
  /** 0-based, the position in the document's `Statement` array (`Statement[0]`). */
  readonly index: number;
  /** Undefined when absent or empty. */
  readonly sid?: string;
  /** `Allow` unless the statement says `Deny`. */
  readonly effect: "Allow" | "Deny";
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: readonly PrincipalEntry[];
  readonly notPrincipal?: readonly PrincipalEntry[];
  /** operator → condition key → value(s); undefined unless the element is an object. */
  readonly condition?: Record<string, Record<string, unknown>>;
  /** True when the condition names at least one operator. */
  readonly hasCondition: boolean;
  /** The statement as written. */
  readonly raw: Record<string, unknown>;
}

/** What `readPolicyDocument` found: the statements, and every way the document breaks IAM's grammar. */
export interface ReadDocument {
  readonly statements: PolicyStatement[];
  /** Each names the bad element (`doc.Statement[0].Effect must be Allow or Deny`), in document order. */
  readonly problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the elements of one document, keeping a value it can make sense of and recording each
 * problem, so that a strict caller can refuse the document and a lenient one can still judge it.
 */
class ElementReader {
  readonly problems: string[] = [];

  /** A string or a list of them; anything else is kept as text and recorded. */
  strings(value: unknown, where: string): string[] | undefined {
    if (value === undefined) return undefined;
    const list: unknown[] = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((item) => typeof item === "string")) {
      this.problems.push(`${where} must be a string or a non-empty array of strings`);
    }
    return list.map(String);
  }

  principals(value: unknown, where: string): PrincipalEntry[] | undefined {
    if (value === undefined) return undefined;
    if (value === "*") return [{ kind: "*", value: "*" }];
    if (!isRecord(value)) {
      this.problems.push(`${where} must be "*" or an object`);
      return [];
    }
    const entries: PrincipalEntry[] = [];
    for (const [kind, values] of Object.entries(value)) {
      if (!(PRINCIPAL_TYPES as readonly string[]).includes(kind)) {
        this.problems.push(
          `${where}.${kind} is not a principal type (${PRINCIPAL_TYPES.join(", ")})`,
        );
      }
      // An absent value reads as an empty list, which `strings` records as a problem.
      for (const item of this.strings(values ?? [], `${where}.${kind}`)!) {
        entries.push({ kind, value: item });
      }
    }
    return entries;
  }

  statement(value: unknown, index: number, where: string): PolicyStatement {
    const at = `${where}.Statement[${index}]`;
    if (!isRecord(value)) this.problems.push(`${at} must be an object`);
    const statement = isRecord(value) ? value : {};
    if (isRecord(value) && statement.Effect !== "Allow" && statement.Effect !== "Deny") {
      this.problems.push(`${at}.Effect must be Allow or Deny`);
    }
    const condition = isRecord(statement.Condition)
      ? (statement.Condition as PolicyStatement["condition"])
      : undefined;
    const read: PolicyStatement = {
      index,
      sid: typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined,
      effect: statement.Effect === "Deny" ? "Deny" : "Allow",
      action: this.strings(statement.Action, `${at}.Action`),
      notAction: this.strings(statement.NotAction, `${at}.NotAction`),
      resource: this.strings(statement.Resource, `${at}.Resource`),
      notResource: this.strings(statement.NotResource, `${at}.NotResource`),
      principal: this.principals(statement.Principal, `${at}.Principal`),
      notPrincipal: this.principals(statement.NotPrincipal, `${at}.NotPrincipal`),
      condition,
      hasCondition: condition !== undefined && Object.keys(condition).length > 0,
      raw: statement,
    };
    if (isRecord(value) && !read.action && !read.notAction) {
      this.problems.push(`${at} needs Action or NotAction`);
    }
    return read;
  }
}

/**
 * Reads a decoded policy document (an object) into statements, recording each problem instead of
 * throwing: `Effect` other than `Deny` reads as `Allow`, a non-string value as its text, a statement
 * that is not an object as one without elements. `where` names the document in the problems.
 */
export function readPolicyDocument(document: unknown, where: string): ReadDocument {
  const reader = new ElementReader();
  if (!isRecord(document)) {
    return { statements: [], problems: [`${where} must be a JSON object`] };
  }
  const raw = document.Statement;
  if (raw === undefined) reader.problems.push(`${where}.Statement is missing`);
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(
    (statement: unknown, index) => reader.statement(statement, index, where),
  );
  return { statements, problems: reader.problems };
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

/**
 * Parses a policy document (object, or JSON text that may be URL-encoded) strictly: throws a
 * `MalformedPolicyError` that names the first bad element.
 */
export function parsePolicyDocument(document: unknown, where: string): PolicyStatement[] {
  const decoded = typeof document === "string" ? decodePolicyDocument(document, where) : document;
  const { statements, problems } = readPolicyDocument(decoded, where);
  if (problems.length > 0) throw new MalformedPolicyError(problems[0]);
  return statements;
}

/** True when a principal list includes everyone: `"*"`, or `*` as the value of any type. */
export function isEveryone(principal: readonly PrincipalEntry[] | undefined): boolean {
  return principal?.some((entry) => entry.value === "*") ?? false;
}
