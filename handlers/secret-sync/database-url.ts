import { MalformedSecretError } from "./errors";

/**
 * A `postgres://` URL split the way Python's `urllib.parse.urlsplit` splits it, which is what
 * Django's dj-database-url reads: the user ends at the first `:` of the userinfo, the userinfo at the
 * last `@` of the authority, and user and password are percent-decoded (`unquote`, so `+` stays `+`).
 * Host, port, database and query are kept exactly as written.
 */
export interface PostgresUrl {
  readonly scheme: string;
  readonly username?: string;
  readonly password?: string;
  readonly host?: string;
  readonly port?: string;
  /** The path after the first `/`, still percent-encoded as written. */
  readonly database?: string;
  /** Query parameters (`key=value`) in order, still percent-encoded as written. */
  readonly query: readonly string[];
  readonly fragment?: string;
}

export const POSTGRES_SCHEMES = ["postgres", "postgresql"];

const URL_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/** `where` names the value in errors (`custom secret arn:… DATABASE_URL`); the URL never appears. */
export function parsePostgresUrl(url: string, where: string): PostgresUrl {
  const match = URL_PATTERN.exec(url.trim());
  const scheme = match?.[1].toLowerCase();
  if (!match || !scheme || !POSTGRES_SCHEMES.includes(scheme)) {
    throw new MalformedSecretError(`${where} is not a postgres:// or postgresql:// URL`);
  }
  const [, , authority, path, rawQuery, fragment] = match;
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;

  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(":");
    username = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, `${where} user`);
    password = colon >= 0 ? decode(userinfo.slice(colon + 1), `${where} password`) : undefined;
  }

  const { host, port } = splitHostPort(hostport, where);
  const database = path.replace(/^\//, "");
  const query = (rawQuery ?? "").split("&").filter((pair) => pair !== "");
  return {
    scheme: match[1],
    username: username || undefined,
    password,
    host: host || undefined,
    port: port || undefined,
    database: database || undefined,
    query,
    fragment,
  };
}

function splitHostPort(hostport: string, where: string): { host: string; port: string } {
  // An IPv6 literal keeps its brackets; its colons are not the port separator.
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostport);
  const [host, port = ""] = bracketed
    ? [bracketed[1], bracketed[2]]
    : [hostport.split(":")[0], hostport.split(":").slice(1).join(":")];
  if (port !== "" && !/^\d{1,5}$/.test(port)) {
    throw new MalformedSecretError(`${where} has a port that is not a number`);
  }
  if (port !== "" && Number(port) > 65535) {
    throw new MalformedSecretError(`${where} has a port above 65535`);
  }
  return { host, port };
}

function decode(value: string, where: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new MalformedSecretError(`${where} has a malformed percent-encoding`);
  }
}

/**
 * Percent-encodes everything but RFC 3986 unreserved characters, so that `:#?%&+/@`, spaces, quotes
 * and non-ASCII (as UTF-8) survive urlsplit + unquote (dj-database-url), WHATWG URL + decodeURIComponent
 * (node-postgres) and libpq alike.
 */
export function encodeUrlComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface DatabaseUrlParts {
  readonly scheme: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly port?: string;
  /** Already percent-encoded, as in a URL path. */
  readonly database: string;
  readonly query: readonly string[];
  readonly sslmode: string;
  readonly fragment?: string;
}

/** `scheme://user:password@host[:port]/database?…&sslmode=…`; an existing sslmode is replaced in place. */
export function formatDatabaseUrl(parts: DatabaseUrlParts): string {
  const sslmode = `sslmode=${encodeUrlComponent(parts.sslmode)}`;
  const query: string[] = [];
  let sslmodeSet = false;
  for (const pair of parts.query) {
    const isSslmode = pair.split("=")[0] === "sslmode";
    if (!isSslmode) query.push(pair);
    else if (!sslmodeSet) query.push(sslmode);
    sslmodeSet ||= isSslmode;
  }
  if (!sslmodeSet) query.push(sslmode);

  const userinfo = `${encodeUrlComponent(parts.username)}:${encodeUrlComponent(parts.password)}`;
  const port = parts.port ? `:${parts.port}` : "";
  const search = query.join("&");
  const fragment = parts.fragment !== undefined ? `#${parts.fragment}` : "";
  return `${parts.scheme}://${userinfo}@${parts.host}${port}/${parts.database}?${search}${fragment}`;
}
