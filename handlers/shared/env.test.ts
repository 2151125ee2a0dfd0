import { loadWatcherConfig } from "../code-watcher/config";
import { detectorConfigFromEnv } from "../policy-monitor/detector/config";
import { remediatorConfigFromEnv } from "../policy-monitor/remediator/config";
import { secretSyncConfigFromEnv } from "../secret-sync/config";
import { configFromEnv as trailBackupConfigFromEnv } from "../trail-backup/config";
import { ConfigError, readEnv } from "./env";

describe("readEnv", () => {
  test("returns what the reader read when nothing is wrong", () => {
    const config = readEnv({ A: " a ", N: "3", B: "yes" }, (read) => ({
      a: read.required("A"),
      n: read.integer("N", 1, { min: 1, max: 5 }),
      b: read.boolean("B", false),
      c: read.optional("C", "fallback"),
      d: read.present("D"),
    }));
    expect(config).toEqual({ a: "a", n: 3, b: true, c: "fallback", d: undefined });
  });

  test.each([
    {
      env: {},
      message: "A is not set",
    },
    {
      env: { N: "9" },
      message: '2 environment problems: A is not set; N must be an integer from 1 to 5, got "9"',
    },
    {
      env: { A: "a", N: "x", B: "maybe" },
      message:
        '2 environment problems: N must be an integer from 1 to 5, got "x"; B must be true or false, got "maybe"',
    },
  ])("$env → $message", ({ env, message }) => {
    const read = () =>
      readEnv(env, (reader) => [
        reader.required("A"),
        reader.integer("N", 1, { min: 1, max: 5 }),
        reader.boolean("B", false),
      ]);
    expect(read).toThrow(new ConfigError(message));
  });

  test("an error that is not a ConfigError is not swallowed", () => {
    expect(() =>
      readEnv({}, (reader) =>
        reader.attempt(() => {
          throw new TypeError("bug");
        }, 0),
      ),
    ).toThrow(TypeError);
  });
});

describe("a handler missing several variables names them all at once", () => {
  test.each([
    {
      handler: "trail-backup",
      read: () => trailBackupConfigFromEnv({ THRESHOLD_DAYS: "0" }),
      message:
        "3 environment problems: SOURCE_BUCKET is not set; BACKUP_BUCKET is not set; " +
        'THRESHOLD_DAYS must be an integer from 1 to 3650, got "0"',
    },
    {
      handler: "secret-sync",
      read: () => secretSyncConfigFromEnv({ PG_SSLMODE: "on", ECS_SERVICE: "web" }),
      message:
        "4 environment problems: RDS_SECRET_ARN is not set; CUSTOM_SECRET_ARN is not set; " +
        'PG_SSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full, got "on"; ' +
        "ECS_CLUSTER and ECS_SERVICE must be set together",
    },
    {
      handler: "policy-monitor/detector",
      read: () => detectorConfigFromEnv({}),
      message: "2 environment problems: RULES_BUCKET is not set; EVENTBRIDGE_BUS_NAME is not set",
    },
    {
      handler: "policy-monitor/detector (direct delivery)",
      read: () => detectorConfigFromEnv({ USE_EVENTBRIDGE: "false" }),
      message:
        "2 environment problems: RULES_BUCKET is not set; " +
        "USE_EVENTBRIDGE is false but neither SNS_TOPIC_ARN nor SQS_QUEUE_URL is set",
    },
    {
      handler: "policy-monitor/detector (dedup window)",
      read: () =>
        detectorConfigFromEnv({
          RULES_BUCKET: "config",
          EVENTBRIDGE_BUS_NAME: "violations",
          DEDUP_WINDOW_SECONDS: "86401",
        }),
      message: 'DEDUP_WINDOW_SECONDS must be an integer from 0 to 86400, got "86401"',
    },
    {
      handler: "policy-monitor/remediator",
      read: () => remediatorConfigFromEnv({}),
      message: "2 environment problems: AUDIT_BUCKET is not set; CONFIG_BUCKET is not set",
    },
    {
      handler: "code-watcher",
      read: () => loadWatcherConfig({ DEST_PREFIX: "//", SWEEP_ALL_FUNCTIONS: "x" }),
      message:
        "3 environment problems: DEST_BUCKET is not set; DEST_PREFIX must not be only slashes; " +
        'SWEEP_ALL_FUNCTIONS must be true or false, got "x"',
    },
  ])("$handler", ({ read, message }) => {
    expect(read).toThrow(new ConfigError(message));
  });
});
