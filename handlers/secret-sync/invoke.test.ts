import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { motoEndpoint } from "../../test/harness/moto";
import { encodeUrlComponent } from "./database-url";
import { clientRequestToken } from "./sync";
import { createSecret, currentSecret, secretsManagerClient } from "../../test/support/secret-sync";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const EVENT = join("test", "fixtures", "events", "secret-sync", "scheduled.json");
const OLD_PASSWORD = "old-password";
const NEW_PASSWORD = `r0tated:#?%&+/@ "pass" ü`;

function invoke(args: string[]) {
  const result = spawnSync(TSX, [join(ROOT, "tools", "invoke.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    // No AWS settings leak in from the machine: only what the flags set.
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("npm run invoke secret-sync against moto prints only the result and never the password", async () => {
  // The same moto as the child's --endpoint, through awsTestConfig().
  const secretsManager = secretsManagerClient();
  const rdsSecretArn = await createSecret(
    secretsManager,
    "rds!db-invoke",
    JSON.stringify({ username: "app", password: NEW_PASSWORD }),
  );
  const customSecretArn = await createSecret(
    secretsManager,
    "invoke-database-url",
    `postgres://app:${OLD_PASSWORD}@db.internal:5432/app`,
  );
  const rotated = await currentSecret(secretsManager, rdsSecretArn);
  const customBefore = await currentSecret(secretsManager, customSecretArn);

  const { code, stdout, stderr } = invoke([
    "secret-sync",
    "--event",
    EVENT,
    "--endpoint",
    motoEndpoint(),
    "--env",
    `RDS_SECRET_ARN=${rdsSecretArn}`,
    "--env",
    `CUSTOM_SECRET_ARN=${customSecretArn}`,
    "--env",
    "PG_SSLMODE=disable",
  ]);

  expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
  const versionId = clientRequestToken(rotated.VersionId!, customBefore.VersionId!);
  expect(stdout).toBe(`${JSON.stringify({ action: "updated", versionId }, null, 2)}\n`);
  const written = await currentSecret(secretsManager, customSecretArn);
  expect(written.VersionId).toBe(versionId);
  expect(written.SecretString).toBe(
    `postgres://app:${encodeUrlComponent(NEW_PASSWORD)}@db.internal:5432/app?sslmode=disable`,
  );
  // Logs and the EMF metrics went to stderr.
  expect(stderr).toContain('"service":"secret-sync"');
  expect(stderr).toContain('"SecretUpdated":1');
  for (const output of [stdout, stderr]) {
    for (const secret of [NEW_PASSWORD, encodeUrlComponent(NEW_PASSWORD), OLD_PASSWORD]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toContain("postgres://");
  }
});
