import { z } from "zod";

/**
 * What the SecretSync component and its handler (`handlers/secret-sync/`) agree on: the
 * environment the component sets and the handler reads (with the `SECRET_PAIRS` format), the
 * `sslmode` values, the defaults, and the metrics.
 */

/** The handler's environment variables. */
export const SECRET_SYNC_ENV = {
  /** A JSON list of pairs, see `secretPairsSchema`. */
  secretPairs: "SECRET_PAIRS",
  /** One pair, instead of `SECRET_PAIRS`. */
  rdsSecretArn: "RDS_SECRET_ARN",
  customSecretArn: "CUSTOM_SECRET_ARN",
  /** Fallbacks for every pair. */
  dbName: "DB_NAME",
  dbHost: "DB_HOST",
  dbPort: "DB_PORT",
  dbUsername: "DB_USERNAME",
  sslmode: "PG_SSLMODE",
  appRunnerServiceArn: "APP_RUNNER_SERVICE_ARN",
  /** Set together. */
  ecsCluster: "ECS_CLUSTER",
  ecsService: "ECS_SERVICE",
} as const;

/** libpq's sslmode values. */
export const SSL_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
] as const;
export type SslMode = (typeof SSL_MODES)[number];
export const DEFAULT_SSLMODE: SslMode = "require";

export function isSslMode(value: string): value is SslMode {
  return (SSL_MODES as readonly string[]).includes(value);
}

/** When the sync runs besides on rotation. */
export const DEFAULT_SCHEDULE = "rate(12 hours)";

/** A port as the environment or a pair holds it, as a string: digits, at most 65535. */
export const portSchema = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((port) => /^\d{1,5}$/.test(port) && Number(port) <= 65535, "must be a port number");

/**
 * `SECRET_PAIRS`: a JSON list, one object per pair; the `db*` keys are optional and win over the
 * `DB_*` variables:
 * `[{"rdsSecretArn":"arn:…:secret:rds!db-…","customSecretArn":"arn:…","dbName":"app","dbHost":"…","dbPort":5432,"dbUsername":"app"}]`
 */
export const secretPairsSchema = z
  .array(
    z.strictObject({
      rdsSecretArn: z.string().startsWith("arn:"),
      customSecretArn: z.string().startsWith("arn:"),
      dbName: z.string().min(1).optional(),
      dbHost: z.string().min(1).optional(),
      dbPort: portSchema.optional(),
      dbUsername: z.string().min(1).optional(),
    }),
  )
  .min(1);

/** The handler's embedded-metric namespace and `service` dimension. */
export const SECRET_SYNC_METRIC_NAMESPACE = "opsguard/SecretSync";
export const SECRET_SYNC_SERVICE_NAME = "secret-sync";

/** The metric names the sync emits. */
export const SECRET_SYNC_METRICS = {
  /** Pairs whose custom secret was rewritten with the rotated password. */
  secretUpdated: "SecretUpdated",
  /** Pairs whose custom secret already held the rotated password. */
  secretUnchanged: "SecretUnchanged",
  /** Pairs that could not be synced (a malformed secret, a failed call). */
  syncFailed: "SyncFailed",
  /** Redeploys started: one per App Runner or ECS service told to redeploy. */
  redeployTriggered: "RedeployTriggered",
} as const;
export type SecretSyncMetric = (typeof SECRET_SYNC_METRICS)[keyof typeof SECRET_SYNC_METRICS];
