import type { Logger } from "@aws-lambda-powertools/logger";
import type { AppRunnerClient } from "@aws-sdk/client-apprunner";
import { StartDeploymentCommand } from "@aws-sdk/client-apprunner";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { createHash } from "node:crypto";
import { atStep } from "../shared/aws-errors";
import type { SecretPair, SecretSyncConfig } from "./config";
import { encodeUrlComponent, formatDatabaseUrl, parsePostgresUrl } from "./database-url";
import { MalformedSecretError, RedeployError, SecretSyncError } from "./errors";
import { SECRET_SYNC_METRICS, type MetricsSink, type SecretSyncMetric } from "./metrics";
import { parseCustomSecret, parseRotatedSecret, withDatabaseUrl } from "./secret-values";

/**
 * Set with AWSCURRENT on a version this sync wrote, and removed once the app has been redeployed:
 * a run that finds it (a retry after a failed redeploy, or the next scheduled run) redeploys again.
 */
export const REDEPLOY_PENDING_STAGE = "OPSGUARD_REDEPLOY_PENDING";

export interface SecretSyncDeps {
  readonly secretsManager: Pick<SecretsManagerClient, "send">;
  readonly appRunner?: Pick<AppRunnerClient, "send">;
  readonly ecs?: Pick<ECSClient, "send">;
  readonly logger: Pick<Logger, "info" | "error">;
  readonly metrics: MetricsSink;
}

/** How many times each metric happened in one run. */
type MetricCounts = Record<SecretSyncMetric, number>;

export type SyncResult = { action: "unchanged" } | { action: "updated"; versionId: string };
export type PairResult = SyncResult & { customSecretArn: string };

interface PairOutcome {
  readonly result: PairResult;
  /** The custom secret's version that still carries REDEPLOY_PENDING_STAGE. */
  readonly pendingVersionId?: string;
}

/** The ClientRequestToken of a write: the same rotation over the same custom version → the same token. */
export function clientRequestToken(rotatedVersionId: string, customVersionId: string): string {
  const hex = createHash("sha256")
    .update(`secret-sync\n${rotatedVersionId}\n${customVersionId}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

async function currentVersion(deps: SecretSyncDeps, secretId: string) {
  // Always AWSCURRENT explicitly: during a rotation AWSPENDING holds a password not yet in use.
  return atStep(`reading secret ${secretId} (AWSCURRENT)`, () =>
    deps.secretsManager.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }),
    ),
  );
}

export async function syncPair(
  pair: SecretPair,
  sslmode: string,
  redeployConfigured: boolean,
  deps: SecretSyncDeps,
): Promise<PairOutcome> {
  const { rdsSecretArn, customSecretArn } = pair;
  const rotated = await currentVersion(deps, rdsSecretArn);
  const credentials = parseRotatedSecret(rotated.SecretString, rdsSecretArn);
  const custom = await currentVersion(deps, customSecretArn);
  const customValue = parseCustomSecret(custom.SecretString, customSecretArn);
  const where = `custom secret ${customSecretArn} DATABASE_URL`;
  const current = parsePostgresUrl(customValue.databaseUrl, where);

  const username = credentials.username ?? current.username ?? pair.dbUsername;
  if (!username) {
    throw new MalformedSecretError(
      `no database user: rotated secret ${rdsSecretArn} has no username, ${where} has none and DB_USERNAME is not set`,
    );
  }
  const stillPending = custom.VersionStages?.includes(REDEPLOY_PENDING_STAGE);
  if (current.password === credentials.password && current.username === username) {
    deps.logger.info("secret sync", { action: "unchanged", customSecretArn, rdsSecretArn });
    return {
      result: { action: "unchanged", customSecretArn },
      pendingVersionId: redeployConfigured && stillPending ? custom.VersionId : undefined,
    };
  }

  const host = current.host ?? pair.dbHost;
  if (!host) throw new MalformedSecretError(`${where} has no host and DB_HOST is not set`);
  const database = current.database ?? (pair.dbName && encodeUrlComponent(pair.dbName));
  if (!database) throw new MalformedSecretError(`${where} has no database and DB_NAME is not set`);
  const databaseUrl = formatDatabaseUrl({
    scheme: current.scheme,
    username,
    password: credentials.password,
    host: current.host ?? (host.includes(":") ? `[${host}]` : host),
    port: current.port ?? pair.dbPort,
    database,
    query: current.query,
    sslmode,
    fragment: current.fragment,
  });

  // The token makes a retry after a lost answer return the version already written.
  const written = await atStep(`writing secret ${customSecretArn}`, () =>
    deps.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: customSecretArn,
        SecretString: withDatabaseUrl(customValue, databaseUrl),
        ClientRequestToken: clientRequestToken(rotated.VersionId ?? "", custom.VersionId ?? ""),
        VersionStages: redeployConfigured ? ["AWSCURRENT", REDEPLOY_PENDING_STAGE] : undefined,
      }),
    ),
  );
  const versionId = written.VersionId ?? "";
  deps.logger.info("secret sync", { action: "updated", customSecretArn, rdsSecretArn, versionId });
  return {
    result: { action: "updated", versionId, customSecretArn },
    pendingVersionId: redeployConfigured ? versionId : undefined,
  };
}

async function redeploy(
  config: SecretSyncConfig,
  deps: SecretSyncDeps,
  counts: MetricCounts,
): Promise<void> {
  const { appRunnerServiceArn, ecsService } = config;
  try {
    if (appRunnerServiceArn) {
      if (!deps.appRunner) throw new Error("no App Runner client");
      const started = await deps.appRunner.send(
        new StartDeploymentCommand({ ServiceArn: appRunnerServiceArn }),
      );
      counts.RedeployTriggered++;
      deps.logger.info("redeploy started", {
        appRunnerServiceArn,
        operationId: started.OperationId,
      });
    }
    if (ecsService) {
      if (!deps.ecs) throw new Error("no ECS client");
      await deps.ecs.send(new UpdateServiceCommand({ ...ecsService, forceNewDeployment: true }));
      counts.RedeployTriggered++;
      deps.logger.info("redeploy started", { ecsService });
    }
  } catch (error) {
    const target = appRunnerServiceArn ?? `${ecsService?.cluster}/${ecsService?.service}`;
    throw new RedeployError(
      `the custom secret changed but redeploying ${target} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Removes the pending stage. Secrets Manager refuses to remove a stage the version does not carry,
 * which is what a retry after a lost answer meets: the stage is gone, so the work is done.
 */
async function clearPendingStage(
  deps: SecretSyncDeps,
  secretArn: string,
  versionId: string,
): Promise<void> {
  try {
    await deps.secretsManager.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretArn,
        VersionStage: REDEPLOY_PENDING_STAGE,
        RemoveFromVersionId: versionId,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "InvalidParameterException") throw error;
    const stillPending = await deps.secretsManager
      .send(
        new GetSecretValueCommand({ SecretId: secretArn, VersionStage: REDEPLOY_PENDING_STAGE }),
      )
      .then(
        (pendingVersion) => pendingVersion.VersionId === versionId,
        (lookup: unknown) => {
          if ((lookup as Error).name === "ResourceNotFoundException") return false;
          throw lookup;
        },
      );
    if (stillPending) throw error;
  }
}

/**
 * Syncs every pair; a pair that fails does not stop the others. Then, if a secret changed (now or in
 * a run whose redeploy failed), redeploys the app once and clears the pending mark. A single pair
 * returns `{ action, versionId? }`; several return `{ results: [{ customSecretArn, action, … }] }`.
 * Each metric is added to `deps.metrics` once, with its count (0 too), even when the run throws.
 */
export async function syncSecrets(
  config: SecretSyncConfig,
  deps: SecretSyncDeps,
): Promise<SyncResult | { results: PairResult[] }> {
  const counts: MetricCounts = {
    SecretUpdated: 0,
    SecretUnchanged: 0,
    SyncFailed: 0,
    RedeployTriggered: 0,
  };
  try {
    return await syncEveryPair(config, deps, counts);
  } finally {
    for (const name of Object.values(SECRET_SYNC_METRICS)) {
      deps.metrics.addMetric(name, "Count", counts[name]);
    }
  }
}

async function syncEveryPair(
  config: SecretSyncConfig,
  deps: SecretSyncDeps,
  counts: MetricCounts,
): Promise<SyncResult | { results: PairResult[] }> {
  const redeployConfigured = Boolean(config.appRunnerServiceArn || config.ecsService);
  const outcomes: PairOutcome[] = [];
  const failures: { customSecretArn: string; error: Error }[] = [];
  for (const pair of config.pairs) {
    try {
      const outcome = await syncPair(pair, config.sslmode, redeployConfigured, deps);
      outcomes.push(outcome);
      counts[outcome.result.action === "updated" ? "SecretUpdated" : "SecretUnchanged"]++;
    } catch (error) {
      counts.SyncFailed++;
      const { name, message } = error as Error;
      deps.logger.error("secret sync failed", {
        customSecretArn: pair.customSecretArn,
        error: { name, message },
      });
      failures.push({ customSecretArn: pair.customSecretArn, error: error as Error });
    }
  }

  const pending = outcomes.filter((outcome) => outcome.pendingVersionId);
  if (pending.length > 0) {
    await redeploy(config, deps, counts);
    for (const { result, pendingVersionId } of pending) {
      await atStep(
        `removing ${REDEPLOY_PENDING_STAGE} from version ${pendingVersionId} of secret ${result.customSecretArn}`,
        () => clearPendingStage(deps, result.customSecretArn, pendingVersionId!),
      );
    }
  }

  if (failures.length === 1 && config.pairs.length === 1) throw failures[0].error;
  if (failures.length > 0) {
    const details = failures.map((failure) => `${failure.error.name}: ${failure.error.message}`);
    throw new SecretSyncError(
      `${failures.length} of ${config.pairs.length} secret pairs failed: ${details.join("; ")}`,
      failures,
    );
  }
  const results = outcomes.map((outcome) => outcome.result);
  if (results.length === 1) {
    const { customSecretArn: _arn, ...single } = results[0];
    return single;
  }
  return { results };
}
