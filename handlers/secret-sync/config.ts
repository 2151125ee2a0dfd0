import { z } from "zod";
import { ConfigError, optionalEnv, requireEnv } from "../shared/env";

/** One RDS-rotated secret and the custom secret that holds the app's DATABASE_URL. */
export interface SecretPair {
  readonly rdsSecretArn: string;
  readonly customSecretArn: string;
  /** Used when the existing DATABASE_URL has no database. */
  readonly dbName?: string;
  /** Used when the existing DATABASE_URL has no host. */
  readonly dbHost?: string;
  /** Used when the existing DATABASE_URL has no port; with neither, the URL has no port (5432). */
  readonly dbPort?: string;
  /** Used when neither the rotated secret nor the existing DATABASE_URL has a user. */
  readonly dbUsername?: string;
}

export interface SecretSyncConfig {
  readonly pairs: readonly SecretPair[];
  /** The `sslmode` query parameter of every rebuilt URL. */
  readonly sslmode: string;
  /** An App Runner service to redeploy after a change: it reads its secrets only when it deploys. */
  readonly appRunnerServiceArn?: string;
  /** An ECS service to force a new deployment of after a change. */
  readonly ecsService?: { readonly cluster: string; readonly service: string };
}

/** libpq's sslmode values. */
export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

const portSchema = z
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

/**
 * Reads the handler's environment. Pairs come either from `RDS_SECRET_ARN` + `CUSTOM_SECRET_ARN`
 * (one pair) or from `SECRET_PAIRS` (several); `DB_NAME`, `DB_HOST`, `DB_PORT` and `DB_USERNAME`
 * are fallbacks for every pair; `PG_SSLMODE` defaults to `require`; `APP_RUNNER_SERVICE_ARN` and
 * `ECS_CLUSTER` + `ECS_SERVICE` name what to redeploy.
 */
export function secretSyncConfigFromEnv(env: NodeJS.ProcessEnv): SecretSyncConfig {
  const fallbacks = {
    dbName: env.DB_NAME?.trim() || undefined,
    dbHost: env.DB_HOST?.trim() || undefined,
    dbPort: env.DB_PORT?.trim() ? parsePort(env.DB_PORT.trim()) : undefined,
    dbUsername: env.DB_USERNAME?.trim() || undefined,
  };
  const pairs = env.SECRET_PAIRS?.trim()
    ? secretPairsFromEnv(env).map((pair) => ({ ...withoutUndefined(fallbacks), ...pair }))
    : [
        {
          rdsSecretArn: requireEnv(env, "RDS_SECRET_ARN"),
          customSecretArn: requireEnv(env, "CUSTOM_SECRET_ARN"),
          ...withoutUndefined(fallbacks),
        },
      ];

  const sslmode = optionalEnv(env, "PG_SSLMODE", "require");
  if (!SSL_MODES.includes(sslmode)) {
    throw new ConfigError(`PG_SSLMODE must be one of ${SSL_MODES.join(", ")}, got "${sslmode}"`);
  }

  const cluster = env.ECS_CLUSTER?.trim();
  const service = env.ECS_SERVICE?.trim();
  if (Boolean(cluster) !== Boolean(service)) {
    throw new ConfigError("ECS_CLUSTER and ECS_SERVICE must be set together");
  }
  return {
    pairs,
    sslmode,
    appRunnerServiceArn: env.APP_RUNNER_SERVICE_ARN?.trim() || undefined,
    ecsService: cluster && service ? { cluster, service } : undefined,
  };
}

function secretPairsFromEnv(env: NodeJS.ProcessEnv): SecretPair[] {
  if (env.RDS_SECRET_ARN?.trim() || env.CUSTOM_SECRET_ARN?.trim()) {
    throw new ConfigError("set SECRET_PAIRS or RDS_SECRET_ARN + CUSTOM_SECRET_ARN, not both");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(env.SECRET_PAIRS ?? "");
  } catch {
    throw new ConfigError("SECRET_PAIRS is not valid JSON");
  }
  const parsed = secretPairsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((key) =>
      typeof key === "number" ? `[${key}]` : `.${String(key)}`,
    );
    throw new ConfigError(`SECRET_PAIRS${path.join("")}: ${issue.message}`);
  }
  return parsed.data.map(withoutUndefined);
}

function parsePort(raw: string): string {
  const parsed = portSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`DB_PORT must be a port number, got "${raw}"`);
  return parsed.data;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
