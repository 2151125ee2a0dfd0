import {
  DEFAULT_SSLMODE,
  isSslMode,
  portSchema,
  SECRET_SYNC_ENV as ENV,
  secretPairsSchema,
  SSL_MODES,
} from "../../contracts/secret-sync";
import { formatIssue } from "../../contracts/zod-issues";
import { ConfigError, readEnv } from "../shared/env";

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

/**
 * Reads the handler's environment. Pairs come either from `RDS_SECRET_ARN` + `CUSTOM_SECRET_ARN`
 * (one pair) or from `SECRET_PAIRS` (several); `DB_NAME`, `DB_HOST`, `DB_PORT` and `DB_USERNAME`
 * are fallbacks for every pair; `PG_SSLMODE` defaults to `require`; `APP_RUNNER_SERVICE_ARN` and
 * `ECS_CLUSTER` + `ECS_SERVICE` name what to redeploy.
 */
export function secretSyncConfigFromEnv(env: NodeJS.ProcessEnv): SecretSyncConfig {
  return readEnv(env, (read) => {
    const dbPort = read.present(ENV.dbPort);
    const fallbacks = {
      dbName: read.present(ENV.dbName),
      dbHost: read.present(ENV.dbHost),
      dbPort: dbPort ? read.attempt(() => parsePort(dbPort), undefined) : undefined,
      dbUsername: read.present(ENV.dbUsername),
    };
    const pairs = read.present(ENV.secretPairs)
      ? read
          .attempt(() => secretPairsFromEnv(env), [])
          .map((pair) => ({ ...withoutUndefined(fallbacks), ...pair }))
      : [
          {
            rdsSecretArn: read.required(ENV.rdsSecretArn),
            customSecretArn: read.required(ENV.customSecretArn),
            ...withoutUndefined(fallbacks),
          },
        ];

    const sslmode = read.optional(ENV.sslmode, DEFAULT_SSLMODE);
    if (!isSslMode(sslmode)) {
      read.problem(`${ENV.sslmode} must be one of ${SSL_MODES.join(", ")}, got "${sslmode}"`);
    }

    const cluster = read.present(ENV.ecsCluster);
    const service = read.present(ENV.ecsService);
    if (Boolean(cluster) !== Boolean(service)) {
      read.problem(`${ENV.ecsCluster} and ${ENV.ecsService} must be set together`);
    }
    return {
      pairs,
      sslmode,
      appRunnerServiceArn: read.present(ENV.appRunnerServiceArn),
      ecsService: cluster && service ? { cluster, service } : undefined,
    };
  });
}

function secretPairsFromEnv(env: NodeJS.ProcessEnv): SecretPair[] {
  if (env[ENV.rdsSecretArn]?.trim() || env[ENV.customSecretArn]?.trim()) {
    throw new ConfigError(
      `set ${ENV.secretPairs} or ${ENV.rdsSecretArn} + ${ENV.customSecretArn}, not both`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(env[ENV.secretPairs] ?? "");
  } catch {
    throw new ConfigError(`${ENV.secretPairs} is not valid JSON`);
  }
  const parsed = secretPairsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(formatIssue(parsed.error.issues[0], { root: [ENV.secretPairs] }));
  }
  return parsed.data.map(withoutUndefined);
}

function parsePort(raw: string): string {
  const parsed = portSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${ENV.dbPort} must be a port number, got "${raw}"`);
  return parsed.data;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
