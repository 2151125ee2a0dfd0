import { Client } from "pg";
import { startPostgres, type PostgresServer } from "../../test/harness/postgres";
import { encodeUrlComponent } from "./database-url";
import { syncSecrets } from "./sync";
import {
  capturedLogger,
  createSecret,
  currentSecret,
  metricCalls,
  recordingMetrics,
  rotate,
  secretsManagerClient,
} from "../../test/support/secret-sync";

const ROLE = "app-user";
const FIRST_PASSWORD = "first password: #1";
// Every character that breaks a naively built URL, plus quotes, a backslash and non-ASCII.
const ROTATED_PASSWORD = `p:a#s?s%w&o+r/d@ "x" 'y' \\ ünï 密码 🔑 %41 +`;

let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

async function asSuperuser(run: (admin: Client) => Promise<void>): Promise<void> {
  const admin = new Client({ host: server.socketDir, port: server.port, user: server.superuser });
  await admin.connect();
  try {
    await run(admin);
  } finally {
    await admin.end();
  }
}

async function currentUserVia(connectionString: string): Promise<string> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ user: string }>("SELECT current_user AS user");
    return rows[0].user;
  } finally {
    await client.end();
  }
}

test("after ALTER ROLE and a rotation, the synced DATABASE_URL logs in through pg", async () => {
  const secretsManager = secretsManagerClient();
  const log = capturedLogger();
  try {
    await asSuperuser(async (admin) => {
      await admin.query(
        `CREATE ROLE ${admin.escapeIdentifier(ROLE)} LOGIN PASSWORD ${admin.escapeLiteral(FIRST_PASSWORD)}`,
      );
    });
    const firstUrl = `postgres://${ROLE}:${encodeUrlComponent(FIRST_PASSWORD)}@${server.host}:${server.port}/postgres?sslmode=disable`;
    expect(await currentUserVia(firstUrl)).toBe(ROLE);
    const rdsSecretArn = await createSecret(
      secretsManager,
      "rds!db-postgres-test",
      JSON.stringify({ username: ROLE, password: FIRST_PASSWORD }),
    );
    const customSecretArn = await createSecret(
      secretsManager,
      "app-database-url",
      JSON.stringify({ DATABASE_URL: firstUrl, OTHER: "kept" }),
    );

    // What RDS rotation does: a new password on the server, then AWSCURRENT moves to it.
    await asSuperuser(async (admin) => {
      await admin.query(
        `ALTER ROLE ${admin.escapeIdentifier(ROLE)} PASSWORD ${admin.escapeLiteral(ROTATED_PASSWORD)}`,
      );
    });
    await rotate(
      secretsManager,
      rdsSecretArn,
      JSON.stringify({ username: ROLE, password: ROTATED_PASSWORD }),
    );
    await expect(currentUserVia(firstUrl)).rejects.toThrow(
      `password authentication failed for user "${ROLE}"`,
    );

    const metrics = recordingMetrics();
    const result = await syncSecrets(
      { pairs: [{ rdsSecretArn, customSecretArn }], sslmode: "disable" },
      { secretsManager, logger: log.logger, metrics: metrics.sink },
    );

    expect(result).toEqual({ action: "updated", versionId: expect.any(String) });
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 1 }));
    const synced = JSON.parse((await currentSecret(secretsManager, customSecretArn)).SecretString!);
    expect(synced.OTHER).toBe("kept");
    expect(await currentUserVia(synced.DATABASE_URL)).toBe(ROLE);
    expect(log.lines.join("")).not.toContain(ROTATED_PASSWORD);
    expect(log.lines.join("")).not.toContain(encodeUrlComponent(ROTATED_PASSWORD));
  } finally {
    log.restore();
  }
});
