import {
  CreateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { assumeRoleOfFunction, type FunctionUnderRole } from "../../test/harness/component-role";
import { expectAccessDenied } from "../../test/harness/iam-role";
import { awsTestConfig } from "../../test/harness/moto";
import { currentSecret, rotate } from "../../test/support/secret-sync";
import { secretSyncConfigFromEnv, type SecretSyncConfig } from "./config";
import { SecretSyncError } from "./errors";
import { syncSecrets, type SecretSyncDeps } from "./sync";

// moto enforces IAM: the sync runs as the role SecretSync gives it for the dev stack's pair of
// secrets, made here in moto (their ARNs end in a suffix moto picks, so the stack config takes
// them); a second pair holds a URL that is not PostgreSQL's.
const REGION = "eu-west-1";
const OLD_URL = "postgres://app:old-pass@db.internal:5432/orders";

let role: FunctionUnderRole;
let config: SecretSyncConfig;
let admin: SecretsManagerClient;

beforeAll(async () => {
  const unchecked = new SecretsManagerClient({ ...awsTestConfig(), region: REGION });
  const secret = async (name: string, value: string) =>
    (await unchecked.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN!;
  const pairs = [
    {
      rdsSecretArn: await secret(
        "rds!db-orders",
        JSON.stringify({ username: "app", password: "old-pass" }),
      ),
      customSecretArn: await secret("orders-api/database-url", OLD_URL),
      dbName: "orders",
    },
    {
      rdsSecretArn: await secret(
        "rds!db-legacy",
        JSON.stringify({ username: "app", password: "x" }),
      ),
      customSecretArn: await secret("legacy/database-url", "mysql://legacy"),
    },
  ];
  role = await assumeRoleOfFunction("secretSync", "secret-sync-handler", (dev) => ({
    ...dev,
    pairs,
  }));
  config = secretSyncConfigFromEnv(role.env);
  admin = new SecretsManagerClient(role.adminConfig);
});

function deps(): SecretSyncDeps {
  return {
    secretsManager: new SecretsManagerClient(role.roleConfig),
    logger: {
      info: () => undefined,
      error: () => undefined,
    } as unknown as SecretSyncDeps["logger"],
    metrics: { addMetric: () => undefined },
  };
}

test("after a rotation the sync rewrites the URL with its own role", async () => {
  const [orders] = config.pairs;
  await rotate(
    admin,
    orders.rdsSecretArn,
    JSON.stringify({ username: "app", password: "new-pass" }),
  );

  const result = await syncSecrets({ ...config, pairs: [orders] }, deps());

  expect(result).toMatchObject({ action: "updated" });
  expect((await currentSecret(admin, orders.customSecretArn)).SecretString).toBe(
    "postgres://app:new-pass@db.internal:5432/orders?sslmode=require",
  );
});

test("a pair that cannot be synced fails the run under the role", async () => {
  const [, legacy] = config.pairs;

  await expect(syncSecrets(config, deps())).rejects.toThrow(
    new SecretSyncError(
      `1 of 2 secret pairs failed: MalformedSecretError: custom secret ${legacy.customSecretArn} DATABASE_URL is not a postgres:// or postgresql:// URL`,
      [],
    ),
  );
});

test("with no app to redeploy, the role may not move version stages", async () => {
  await expectAccessDenied(
    new SecretsManagerClient(role.roleConfig).send(
      new UpdateSecretVersionStageCommand({
        SecretId: config.pairs[0].customSecretArn,
        VersionStage: "OPSGUARD_REDEPLOY_PENDING",
      }),
    ),
  );
});
