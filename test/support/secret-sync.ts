import { Logger } from "@aws-lambda-powertools/logger";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { awsTestConfig } from "../harness/moto";
import {
  SECRET_SYNC_METRICS,
  type MetricsSink,
  type SecretSyncMetric,
} from "../../handlers/secret-sync/metrics";

export function secretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient(awsTestConfig());
}

export async function createSecret(
  client: SecretsManagerClient,
  name: string,
  value: string,
): Promise<string> {
  const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return created.ARN!;
}

/**
 * What a rotation's finishSecret step does: the new value goes in as AWSPENDING, then AWSCURRENT
 * moves to it (and AWSPREVIOUS to the old one). Returns the new version id.
 */
export async function rotate(
  client: SecretsManagerClient,
  secretId: string,
  value: string,
): Promise<string> {
  const before = await client.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }),
  );
  const pending = await client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      SecretString: value,
      VersionStages: ["AWSPENDING"],
    }),
  );
  await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: pending.VersionId,
      RemoveFromVersionId: before.VersionId,
    }),
  );
  return pending.VersionId!;
}

export async function currentSecret(client: SecretsManagerClient, secretId: string) {
  return client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }));
}

export async function versionCount(client: SecretsManagerClient, secretId: string) {
  const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId }));
  return listed.Versions?.length ?? 0;
}

/** A real Powertools logger, and every line it (or anything else) writes to stdout/stderr. */
export function capturedLogger(): {
  logger: Logger;
  lines: string[];
  entries: () => Record<string, unknown>[];
  restore: () => void;
} {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  const logger = new Logger({ serviceName: "secret-sync-test" });
  return {
    logger,
    lines,
    // Only the logger's JSON lines: Node's own warnings also reach stderr.
    entries: () => lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line)),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

/** A metrics sink that records every `addMetric` call; `take()` returns them and starts afresh. */
export function recordingMetrics(): {
  sink: MetricsSink;
  take: () => [SecretSyncMetric, number][];
} {
  let calls: [SecretSyncMetric, number][] = [];
  return {
    sink: { addMetric: (name, _unit, value) => void calls.push([name, value]) },
    take: () => {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}

/** The calls of one run: each metric once, in this order, with its count (0 unless given). */
export function metricCalls(
  counts: Partial<Record<SecretSyncMetric, number>>,
): [SecretSyncMetric, number][] {
  return Object.values(SECRET_SYNC_METRICS).map((name) => [name, counts[name] ?? 0]);
}
