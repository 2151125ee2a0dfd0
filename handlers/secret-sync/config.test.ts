import { ConfigError } from "../shared/env";
import { secretSyncConfigFromEnv } from "./config";

const RDS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-AbCdEf";
const CUSTOM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:url-GhIjKl";

describe("secretSyncConfigFromEnv", () => {
  test("one pair from RDS_SECRET_ARN/CUSTOM_SECRET_ARN with the DB_* fallbacks", () => {
    const config = secretSyncConfigFromEnv({
      RDS_SECRET_ARN: RDS,
      CUSTOM_SECRET_ARN: CUSTOM,
      DB_HOST: "db.internal",
      DB_PORT: "6432",
    });

    expect(config).toEqual({
      pairs: [
        { rdsSecretArn: RDS, customSecretArn: CUSTOM, dbHost: "db.internal", dbPort: "6432" },
      ],
      sslmode: "require",
      appRunnerServiceArn: undefined,
      ecsService: undefined,
    });
  });

  test("several pairs from SECRET_PAIRS; a pair's own db* keys win over DB_*", () => {
    const config = secretSyncConfigFromEnv({
      SECRET_PAIRS: JSON.stringify([
        { rdsSecretArn: RDS, customSecretArn: CUSTOM, dbName: "own", dbPort: 5433 },
        { rdsSecretArn: `${RDS}2`, customSecretArn: `${CUSTOM}2` },
      ]),
      DB_NAME: "shared",
      PG_SSLMODE: "disable",
      ECS_CLUSTER: "prod",
      ECS_SERVICE: "web",
    });

    expect(config).toEqual({
      pairs: [
        { rdsSecretArn: RDS, customSecretArn: CUSTOM, dbName: "own", dbPort: "5433" },
        { rdsSecretArn: `${RDS}2`, customSecretArn: `${CUSTOM}2`, dbName: "shared" },
      ],
      sslmode: "disable",
      appRunnerServiceArn: undefined,
      ecsService: { cluster: "prod", service: "web" },
    });
  });

  test.each([
    [{ CUSTOM_SECRET_ARN: CUSTOM }, "RDS_SECRET_ARN is not set"],
    [{ RDS_SECRET_ARN: RDS }, "CUSTOM_SECRET_ARN is not set"],
    [{ SECRET_PAIRS: "[{" }, "SECRET_PAIRS is not valid JSON"],
    [{ SECRET_PAIRS: "[]" }, "SECRET_PAIRS: Too small: expected array to have >=1 items"],
    [
      { SECRET_PAIRS: JSON.stringify([{ rdsSecretArn: RDS }]) },
      "SECRET_PAIRS[0].customSecretArn: Invalid input: expected string, received undefined",
    ],
    [
      {
        SECRET_PAIRS: JSON.stringify([{ rdsSecretArn: RDS, customSecretArn: CUSTOM }]),
        RDS_SECRET_ARN: RDS,
      },
      "set SECRET_PAIRS or RDS_SECRET_ARN + CUSTOM_SECRET_ARN, not both",
    ],
    [
      { RDS_SECRET_ARN: RDS, CUSTOM_SECRET_ARN: CUSTOM, PG_SSLMODE: "on" },
      'PG_SSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full, got "on"',
    ],
    [
      { RDS_SECRET_ARN: RDS, CUSTOM_SECRET_ARN: CUSTOM, DB_PORT: "x" },
      'DB_PORT must be a port number, got "x"',
    ],
    [
      { RDS_SECRET_ARN: RDS, CUSTOM_SECRET_ARN: CUSTOM, ECS_CLUSTER: "prod" },
      "ECS_CLUSTER and ECS_SERVICE must be set together",
    ],
  ])("%j → %s", (env, message) => {
    expect(() => secretSyncConfigFromEnv(env)).toThrow(new ConfigError(message));
  });
});
