import { spawnSync } from "node:child_process";
import { Client } from "pg";
import { formatDatabaseUrl, parsePostgresUrl } from "./database-url";
import { MalformedSecretError } from "./errors";

/** The lines of dj-database-url's `parse()` that read a postgres URL, on Python's own urllib. */
const DJ_DATABASE_URL_PARSE = `
import json, sys, urllib.parse as urlparse
spliturl = urlparse.urlsplit(sys.stdin.read())
query = urlparse.parse_qs(spliturl.query)
print(json.dumps({
    "scheme": spliturl.scheme,
    "NAME": urlparse.unquote(spliturl.path[1:] or ""),
    "USER": urlparse.unquote(spliturl.username or ""),
    "PASSWORD": urlparse.unquote(spliturl.password or ""),
    "HOST": spliturl.hostname or "",
    "PORT": str(spliturl.port) if spliturl.port else "",
    "OPTIONS": {key: values[-1] for key, values in query.items()},
}))
`;

function djDatabaseUrl(url: string): Record<string, unknown> {
  const result = spawnSync(process.env.PYTHON ?? "python3", ["-c", DJ_DATABASE_URL_PARSE], {
    input: url,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const PASSWORDS = [
  "plain",
  `:#?%&+/@ spaces "double" 'single'`,
  "%41%zz%%+plus+",
  "ünïcödé-密码-🔑",
  "semi;colon=equals[brackets]{braces}|pipe\\backslash`tick~tilde!bang*(parens)$dollar,comma^",
];

describe("formatDatabaseUrl", () => {
  // The URL carries the app's `sslmode=require`; pg notes once per process how its next major
  // version will read that mode. Which TLS checks pg makes is not what these tests are about.
  beforeAll(() => {
    const emitWarning = process.emitWarning.bind(process);
    jest
      .spyOn(process, "emitWarning")
      .mockImplementation(((warning: string | Error, ...rest) =>
        String(warning).includes("SSL modes")
          ? undefined
          : emitWarning(warning, ...(rest as []))) as typeof process.emitWarning);
  });
  afterAll(() => jest.restoreAllMocks());

  test.each(PASSWORDS)("dj-database-url and pg read back user and password %#", (password) => {
    const url = formatDatabaseUrl({
      scheme: "postgres",
      username: "app:user@x",
      password,
      host: "db.example.internal",
      port: "6432",
      database: "app_db",
      query: ["connect_timeout=10"],
      sslmode: "require",
    });

    expect(djDatabaseUrl(url)).toEqual({
      scheme: "postgres",
      NAME: "app_db",
      USER: "app:user@x",
      PASSWORD: password,
      HOST: "db.example.internal",
      PORT: "6432",
      OPTIONS: { connect_timeout: "10", sslmode: "require" },
    });
    const client = new Client({ connectionString: url });
    expect([client.user, client.password, client.host, client.port, client.database]).toEqual([
      "app:user@x",
      password,
      "db.example.internal",
      6432,
      "app_db",
    ]);
  });

  test("replaces an existing sslmode in place and keeps the other parameters and scheme", () => {
    const url = formatDatabaseUrl({
      scheme: "postgresql",
      username: "app",
      password: "p w",
      host: "db",
      database: "app",
      query: ["application_name=web", "sslmode=disable", "options=-c%20search_path%3Dapp"],
      sslmode: "verify-full",
    });

    expect(url).toBe(
      "postgresql://app:p%20w@db/app?application_name=web&sslmode=verify-full&options=-c%20search_path%3Dapp",
    );
  });
});

describe("parsePostgresUrl", () => {
  test("splits like urlsplit: user at the first colon, userinfo at the last @, decoded", () => {
    const parsed = parsePostgresUrl(
      "postgresql://us%3Aer:pa:ss@w%40rd@[::1]:5433/my%20db?sslmode=require&a=1#frag",
      "DATABASE_URL",
    );

    expect(parsed).toEqual({
      scheme: "postgresql",
      username: "us:er",
      password: "pa:ss@w@rd",
      host: "[::1]",
      port: "5433",
      database: "my%20db",
      query: ["sslmode=require", "a=1"],
      fragment: "frag",
    });
  });

  test("leaves out what the URL does not have", () => {
    expect(parsePostgresUrl("postgres://db.internal", "DATABASE_URL")).toEqual({
      scheme: "postgres",
      username: undefined,
      password: undefined,
      host: "db.internal",
      port: undefined,
      database: undefined,
      query: [],
      fragment: undefined,
    });
  });

  test.each([
    ["mysql://u:p@h/db", "X is not a postgres:// or postgresql:// URL"],
    ["not a url at all", "X is not a postgres:// or postgresql:// URL"],
    ["postgres:/u:p@h/db", "X is not a postgres:// or postgresql:// URL"],
    ["postgres://u:p@h:54x2/db", "X has a port that is not a number"],
    ["postgres://u:p@h:70000/db", "X has a port above 65535"],
    ["postgres://u:secret%zz@h/db", "X password has a malformed percent-encoding"],
  ])("rejects %s with a message that does not quote it", (url, message) => {
    const parse = () => parsePostgresUrl(url, "X");

    expect(parse).toThrow(new MalformedSecretError(message));
  });
});
