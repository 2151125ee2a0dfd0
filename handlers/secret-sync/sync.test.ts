import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { SecretSyncConfig } from "./config";
import { MalformedSecretError, SecretSyncError } from "./errors";
import { clientRequestToken, syncSecrets } from "./sync";
import {
  capturedLogger,
  createSecret,
  currentSecret,
  metricCalls,
  recordingMetrics,
  rotate,
  secretsManagerClient,
  versionCount,
} from "../../test/support/secret-sync";

const OLD_PASSWORD = "old:#?%&+/@ pass";
const NEW_PASSWORD = `n3w:#?%&+/@ "quoted" 'pass' ü`;
const NEW_PASSWORD_ENCODED = "n3w%3A%23%3F%25%26%2B%2F%40%20%22quoted%22%20%27pass%27%20%C3%BC";

let secretsManager: SecretsManagerClient;
let log: ReturnType<typeof capturedLogger>;
let metrics: ReturnType<typeof recordingMetrics>;
let counter = 0;

beforeEach(() => {
  secretsManager = secretsManagerClient();
  log = capturedLogger();
  metrics = recordingMetrics();
});
afterEach(() => log.restore());

/** moto is reset per file only, so every test makes its own pair of secrets. */
async function givenPair(customValue: string, rotatedValue?: string) {
  counter++;
  const rdsSecretArn = await createSecret(
    secretsManager,
    `rds!db-${counter}`,
    rotatedValue ?? JSON.stringify({ username: "app", password: OLD_PASSWORD }),
  );
  const customSecretArn = await createSecret(secretsManager, `app-db-url-${counter}`, customValue);
  return { rdsSecretArn, customSecretArn };
}

function config(pairs: SecretSyncConfig["pairs"], sslmode = "require"): SecretSyncConfig {
  return { pairs, sslmode };
}

const oldUrl = `postgres://app:${encodeURIComponent(OLD_PASSWORD)}@db.internal:5432/app`;

describe("syncSecrets against moto", () => {
  test("an unchanged password writes nothing", async () => {
    const pair = await givenPair(oldUrl);

    const result = await syncSecrets(config([pair]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    expect(result).toEqual({ action: "unchanged" });
    expect(metrics.take()).toEqual(metricCalls({ SecretUnchanged: 1 }));
    expect(await versionCount(secretsManager, pair.customSecretArn)).toBe(1);
    expect((await currentSecret(secretsManager, pair.customSecretArn)).SecretString).toBe(oldUrl);
    expect(log.entries()).toContainEqual(
      expect.objectContaining({ message: "secret sync", action: "unchanged" }),
    );
  });

  test("a rotation rewrites the plain URL with a token from the rotated version", async () => {
    const pair = await givenPair(oldUrl);
    const customBefore = await currentSecret(secretsManager, pair.customSecretArn);
    const rotatedVersionId = await rotate(
      secretsManager,
      pair.rdsSecretArn,
      JSON.stringify({ username: "app", password: NEW_PASSWORD, engine: "postgres" }),
    );

    const result = await syncSecrets(config([pair]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    const expectedVersion = clientRequestToken(rotatedVersionId, customBefore.VersionId!);
    expect(result).toEqual({ action: "updated", versionId: expectedVersion });
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 1 }));
    const customAfter = await currentSecret(secretsManager, pair.customSecretArn);
    expect(customAfter.VersionId).toBe(expectedVersion);
    expect(customAfter.SecretString).toBe(
      `postgres://app:${NEW_PASSWORD_ENCODED}@db.internal:5432/app?sslmode=require`,
    );
    expect(log.entries()).toContainEqual(
      expect.objectContaining({
        message: "secret sync",
        action: "updated",
        versionId: expectedVersion,
      }),
    );
    for (const line of log.lines) {
      expect(line).not.toContain(NEW_PASSWORD);
      expect(line).not.toContain(NEW_PASSWORD_ENCODED);
      expect(line).not.toContain(JSON.stringify(NEW_PASSWORD).slice(1, -1));
      expect(line).not.toContain("postgres://");
    }

    const again = await syncSecrets(config([pair]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });
    expect(again).toEqual({ action: "unchanged" });
    expect(metrics.take()).toEqual(metricCalls({ SecretUnchanged: 1 }));
    expect(await versionCount(secretsManager, pair.customSecretArn)).toBe(2);
  });

  test("a PutSecretValue repeated after a lost response writes no second version", async () => {
    const pair = await givenPair(oldUrl);
    await rotate(
      secretsManager,
      pair.rdsSecretArn,
      JSON.stringify({ username: "app", password: NEW_PASSWORD }),
    );
    // Each write reaches AWS twice, as when the SDK retries a request whose response was lost.
    const puts: unknown[] = [];
    const retrying = {
      send: async (command: Parameters<SecretsManagerClient["send"]>[0]) => {
        if (command instanceof PutSecretValueCommand) puts.push(await secretsManager.send(command));
        return secretsManager.send(command);
      },
    } as Pick<SecretsManagerClient, "send">;

    const result = await syncSecrets(config([pair]), {
      secretsManager: retrying,
      logger: log.logger,
      metrics: metrics.sink,
    });

    expect(puts).toHaveLength(1);
    expect(result).toEqual({
      action: "updated",
      versionId: (puts[0] as { VersionId: string }).VersionId,
    });
    expect(await versionCount(secretsManager, pair.customSecretArn)).toBe(2);
  });

  test("JSON secret: DATABASE_URL is rebuilt, scheme, query and other keys kept as they are", async () => {
    const document = {
      SECRET_KEY: "django-insecure-#key",
      DATABASE_URL: `postgresql://app:old@db.internal/app?application_name=web&sslmode=disable`,
      DEBUG: false,
      ALLOWED_HOSTS: ["a.example", "b.example"],
    };
    const pair = await givenPair(JSON.stringify(document, null, 2));
    await rotate(
      secretsManager,
      pair.rdsSecretArn,
      JSON.stringify({ username: "app", password: NEW_PASSWORD }),
    );

    await syncSecrets(config([pair], "verify-full"), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    const written = JSON.parse(
      (await currentSecret(secretsManager, pair.customSecretArn)).SecretString!,
    );
    expect(written).toEqual({
      ...document,
      DATABASE_URL: `postgresql://app:${NEW_PASSWORD_ENCODED}@db.internal/app?application_name=web&sslmode=verify-full`,
    });
    expect(Object.keys(written)).toEqual(["SECRET_KEY", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"]);
  });

  test("host, port, database and user come from the fallbacks when the URL lacks them", async () => {
    const pair = await givenPair("postgres://", JSON.stringify({ password: NEW_PASSWORD }));

    await syncSecrets(
      config([
        { ...pair, dbHost: "db.fallback", dbPort: "6543", dbName: "my db", dbUsername: "svc" },
      ]),
      { secretsManager, logger: log.logger, metrics: metrics.sink },
    );

    expect((await currentSecret(secretsManager, pair.customSecretArn)).SecretString).toBe(
      `postgres://svc:${NEW_PASSWORD_ENCODED}@db.fallback:6543/my%20db?sslmode=require`,
    );
  });

  test.each([
    ["DB_HOST", "postgres://app:old@:5432/app", "has no host and DB_HOST is not set"],
    ["DB_NAME", "postgres://app:old@db.internal:5432", "has no database and DB_NAME is not set"],
  ])("a missing %s with no fallback is named and nothing is written", async (_, url, message) => {
    const pair = await givenPair(url);
    await rotate(secretsManager, pair.rdsSecretArn, JSON.stringify({ password: NEW_PASSWORD }));

    const run = syncSecrets(config([pair]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    await expect(run).rejects.toThrow(
      new MalformedSecretError(`custom secret ${pair.customSecretArn} DATABASE_URL ${message}`),
    );
    expect(await versionCount(secretsManager, pair.customSecretArn)).toBe(1);
    expect(metrics.take()).toEqual(metricCalls({ SyncFailed: 1 }));
  });

  test.each([
    ["rotated not JSON", "not json hunter2", oldUrl, "rotated secret %rds is not JSON"],
    [
      "rotated without password",
      JSON.stringify({ username: "app", pass: "hunter2" }),
      oldUrl,
      "rotated secret %rds has no password",
    ],
    [
      "custom not a postgres URL",
      JSON.stringify({ username: "app", password: "hunter2" }),
      "mysql://app:hunter2@db/app",
      "custom secret %custom DATABASE_URL is not a postgres:// or postgresql:// URL",
    ],
    [
      "custom JSON without DATABASE_URL",
      JSON.stringify({ username: "app", password: "hunter2" }),
      JSON.stringify({ DB_URL: "postgres://app:hunter2@db/app" }),
      "custom secret %custom has no DATABASE_URL string",
    ],
    [
      "custom broken JSON",
      JSON.stringify({ username: "app", password: "hunter2" }),
      '{"DATABASE_URL": "postgres://app:hunter2@db/app"',
      "custom secret %custom is not JSON",
    ],
  ])("%s: a clear error, no write, no secret in the message or logs", async (...args) => {
    const [, rotatedValue, customValue, template] = args;
    const pair = await givenPair(customValue, rotatedValue);

    const run = syncSecrets(config([pair]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    const message = template
      .replace("%rds", pair.rdsSecretArn)
      .replace("%custom", pair.customSecretArn);
    await expect(run).rejects.toThrow(new MalformedSecretError(message));
    expect(await versionCount(secretsManager, pair.customSecretArn)).toBe(1);
    expect(log.lines.join("")).not.toContain("hunter2");
  });

  test("several pairs: one malformed pair fails the run, the others are still synced", async () => {
    const good = await givenPair(oldUrl);
    const bad = await givenPair("mysql://x");
    await rotate(
      secretsManager,
      good.rdsSecretArn,
      JSON.stringify({ username: "app", password: NEW_PASSWORD }),
    );

    const run = syncSecrets(config([bad, good]), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    await expect(run).rejects.toThrow(
      new SecretSyncError(
        `1 of 2 secret pairs failed: MalformedSecretError: custom secret ${bad.customSecretArn} DATABASE_URL is not a postgres:// or postgresql:// URL`,
        [],
      ),
    );
    expect((await currentSecret(secretsManager, good.customSecretArn)).SecretString).toBe(
      `postgres://app:${NEW_PASSWORD_ENCODED}@db.internal:5432/app?sslmode=require`,
    );
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 1, SyncFailed: 1 }));
  });

  test("several pairs: each pair is counted once, as updated or unchanged", async () => {
    const pairs = [await givenPair(oldUrl), await givenPair(oldUrl), await givenPair(oldUrl)];
    for (const pair of pairs.slice(1)) {
      await rotate(
        secretsManager,
        pair.rdsSecretArn,
        JSON.stringify({ username: "app", password: NEW_PASSWORD }),
      );
    }

    const result = await syncSecrets(config(pairs), {
      secretsManager,
      logger: log.logger,
      metrics: metrics.sink,
    });

    expect((result as { results: { action: string }[] }).results.map((r) => r.action)).toEqual([
      "unchanged",
      "updated",
      "updated",
    ]);
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 2, SecretUnchanged: 1 }));
  });
});
