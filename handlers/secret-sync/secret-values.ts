import { MalformedSecretError } from "./errors";

/** What the sync needs from the RDS-rotated secret (`{ "username", "password", … }`). */
export interface RotatedCredentials {
  readonly username?: string;
  readonly password: string;
}

/**
 * The custom secret: a plain `postgres://` URL, or a JSON object holding `DATABASE_URL` beside
 * other keys, which are written back as they are.
 */
export type CustomSecretValue =
  | { readonly format: "url"; readonly databaseUrl: string }
  | {
      readonly format: "json";
      readonly databaseUrl: string;
      readonly document: Readonly<Record<string, unknown>>;
    };

// Error messages never quote the value: JSON.parse's own message shows a piece of it.
function parseJsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedSecretError(`${where} is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedSecretError(`${where} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function parseRotatedSecret(text: string | undefined, arn: string): RotatedCredentials {
  const where = `rotated secret ${arn}`;
  if (text === undefined) throw new MalformedSecretError(`${where} has no SecretString`);
  const document = parseJsonObject(text, where);
  const { username, password } = document;
  if (typeof password !== "string" || password === "") {
    throw new MalformedSecretError(`${where} has no password`);
  }
  if (username !== undefined && typeof username !== "string") {
    throw new MalformedSecretError(`${where} has a username that is not a string`);
  }
  return { username: username || undefined, password };
}

export function parseCustomSecret(text: string | undefined, arn: string): CustomSecretValue {
  const where = `custom secret ${arn}`;
  if (text === undefined) throw new MalformedSecretError(`${where} has no SecretString`);
  if (!text.trimStart().startsWith("{")) return { format: "url", databaseUrl: text.trim() };
  const document = parseJsonObject(text, where);
  if (typeof document.DATABASE_URL !== "string") {
    throw new MalformedSecretError(`${where} has no DATABASE_URL string`);
  }
  return { format: "json", databaseUrl: document.DATABASE_URL, document };
}

/** The custom secret's new value, in the format it had; other JSON keys keep their order and values. */
export function withDatabaseUrl(value: CustomSecretValue, databaseUrl: string): string {
  return value.format === "url"
    ? databaseUrl
    : JSON.stringify({ ...value.document, DATABASE_URL: databaseUrl });
}
