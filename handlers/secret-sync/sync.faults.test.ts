import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { faultClientConfig, useFaultProxy } from "../../test/faults/clients";
import type { Fault } from "../../test/faults/proxy";
import {
  createSecret,
  currentSecret,
  metricCalls,
  recordingMetrics,
  secretsManagerClient,
  versionCount,
} from "../../test/support/secret-sync";
import type { SecretSyncConfig } from "./config";
import type * as Entry from "./index";
import { parseSyncTrigger } from "./event";
import { REDEPLOY_PENDING_STAGE, syncSecrets, type SecretSyncDeps } from "./sync";

const proxy = useFaultProxy();
const direct = secretsManagerClient();
let proxied: SecretsManagerClient;
let metrics: ReturnType<typeof recordingMetrics>;
let counter = 0;

beforeAll(() => {
  proxied = new SecretsManagerClient(faultClientConfig(proxy.current));
});
beforeEach(() => {
  metrics = recordingMetrics();
});

const OLD_URL = "postgres://app:old@db.internal:5432/app";
const NEW_URL = "postgres://app:new@db.internal:5432/app?sslmode=require";

/** A rotated secret whose password is "new", and a custom secret that still holds "old". */
async function givenRotatedPair() {
  counter++;
  const rdsSecretArn = await createSecret(
    direct,
    `rds!db-faults-${counter}`,
    JSON.stringify({ username: "app", password: "new" }),
  );
  const customSecretArn = await createSecret(direct, `app-db-url-faults-${counter}`, OLD_URL);
  return { rdsSecretArn, customSecretArn };
}

const config = (pair: { rdsSecretArn: string; customSecretArn: string }): SecretSyncConfig => ({
  pairs: [pair],
  sslmode: "require",
});
const deps = (): SecretSyncDeps => ({
  secretsManager: proxied,
  logger: { info: () => undefined, error: () => undefined },
  metrics: metrics.sink,
});

describe("secret sync under Secrets Manager faults", () => {
  test.each<[Fault, string]>([
    ["throttle", "GetSecretValue"],
    ["500", "GetSecretValue"],
    ["throttle", "PutSecretValue"],
    ["503-slowdown", "PutSecretValue"],
    ["drop", "PutSecretValue"],
  ])("one %s on %s: synced in the same run with one new version", async (fault, operation) => {
    const pair = await givenRotatedPair();
    proxy.current.inject({ operation, fault, times: 1 });

    const result = await syncSecrets(config(pair), deps());

    const written = await currentSecret(direct, pair.customSecretArn);
    expect(result).toEqual({ action: "updated", versionId: written.VersionId });
    expect(written.SecretString).toBe(NEW_URL);
    expect(await versionCount(direct, pair.customSecretArn)).toBe(2);
    expect(proxy.current.count(operation)).toBe(operation === "GetSecretValue" ? 3 : 2);
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 1 }));
  });

  test("the write's answer is lost: the retry's request token finds the version, and a rerun changes nothing", async () => {
    const pair = await givenRotatedPair();
    proxy.current.inject({ operation: "PutSecretValue", fault: "lost-answer", times: 1 });

    const result = await syncSecrets(config(pair), deps());
    const rerun = await syncSecrets(config(pair), deps());

    const written = await currentSecret(direct, pair.customSecretArn);
    expect(result).toEqual({ action: "updated", versionId: written.VersionId });
    expect(rerun).toEqual({ action: "unchanged" });
    expect(proxy.current.count("PutSecretValue")).toBe(2);
    expect(await versionCount(direct, pair.customSecretArn)).toBe(2);
    expect(written.SecretString).toBe(NEW_URL);
  });

  test("a write that keeps being throttled fails naming the secret and the step", async () => {
    const pair = await givenRotatedPair();
    proxy.current.inject({ operation: "PutSecretValue", fault: "throttle", times: "always" });

    const run = syncSecrets(config(pair), deps());

    await expect(run).rejects.toThrow(
      `writing secret ${pair.customSecretArn} failed: ThrottlingException: Rate exceeded`,
    );
    await expect(run).rejects.toMatchObject({ cause: { name: "ThrottlingException" } });
    expect(proxy.current.count("PutSecretValue")).toBe(3);
    expect(await versionCount(direct, pair.customSecretArn)).toBe(1);
    expect(metrics.take()).toEqual(metricCalls({ SyncFailed: 1 }));
  });

  test("a read that keeps failing names the secret it was reading", async () => {
    const pair = await givenRotatedPair();
    proxy.current.inject({ operation: "GetSecretValue", fault: "500", times: "always" });

    await expect(syncSecrets(config(pair), deps())).rejects.toThrow(
      `reading secret ${pair.rdsSecretArn} (AWSCURRENT) failed: InternalFailure: Internal failure`,
    );
    expect(proxy.current.count("GetSecretValue")).toBe(3);
  });

  test("clearing the pending stage keeps failing: the error names it, and the next run redeploys and clears it", async () => {
    const pair = await givenRotatedPair();
    const deployments: string[] = [];
    const withRedeploy: SecretSyncConfig = { ...config(pair), appRunnerServiceArn: "arn:app" };
    const appRunner = {
      send: async () => {
        deployments.push("deploy");
        return { OperationId: "op" };
      },
    } as unknown as SecretSyncDeps["appRunner"];
    const redeployDeps = (): SecretSyncDeps => ({ ...deps(), appRunner });
    proxy.current.inject({
      operation: "UpdateSecretVersionStage",
      fault: "throttle",
      times: "always",
    });

    const failed = await syncSecrets(withRedeploy, redeployDeps()).catch((error: Error) => error);

    const written = await currentSecret(direct, pair.customSecretArn);
    expect(written.VersionStages).toEqual(["AWSCURRENT", REDEPLOY_PENDING_STAGE]);
    expect(failed).toMatchObject({
      name: "StepFailedError",
      message: `removing ${REDEPLOY_PENDING_STAGE} from version ${written.VersionId} of secret ${pair.customSecretArn} failed: ThrottlingException: Rate exceeded`,
    });
    expect(proxy.current.count("UpdateSecretVersionStage")).toBe(3);
    proxy.current.reset();
    const next = await syncSecrets(withRedeploy, redeployDeps());

    expect(next).toEqual({ action: "unchanged" });
    expect(deployments).toEqual(["deploy", "deploy"]);
    expect((await currentSecret(direct, pair.customSecretArn)).VersionStages).toEqual([
      "AWSCURRENT",
    ]);
  });

  test("the answer to clearing the pending stage is lost: the retry finds it cleared", async () => {
    const pair = await givenRotatedPair();
    const appRunner = {
      send: async () => ({ OperationId: "op" }),
    } as unknown as SecretSyncDeps["appRunner"];
    proxy.current.inject({ operation: "UpdateSecretVersionStage", fault: "lost-answer", times: 1 });

    const result = await syncSecrets(
      { ...config(pair), appRunnerServiceArn: "arn:app" },
      { ...deps(), appRunner },
    );

    const written = await currentSecret(direct, pair.customSecretArn);
    expect(result).toEqual({ action: "updated", versionId: written.VersionId });
    expect(written.VersionStages).toEqual(["AWSCURRENT"]);
    expect(proxy.current.count("UpdateSecretVersionStage")).toBe(2);
  });

  test.each([
    [null, "event must be an object, got null"],
    [undefined, "event must be an object, got undefined"],
    ["run", 'event must be an object, got "run"'],
    [{ detail: {} }, 'event.detail-type is missing (keys ["detail"])'],
    [{ "detail-type": 7 }, "event.detail-type must be a string, got 7"],
  ])("the event %j gets an error naming the field", (event, message) => {
    expect(() => parseSyncTrigger(event)).toThrow(
      expect.objectContaining({
        name: "InvalidEventError",
        message: expect.stringContaining(message),
      }),
    );
  });

  test("the handler answers a null event with that error, before any AWS call", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      RDS_SECRET_ARN: "arn:rds",
      CUSTOM_SECRET_ARN: "arn:custom",
      AWS_ENDPOINT_URL: proxy.current.endpoint,
      POWERTOOLS_LOG_LEVEL: "SILENT",
    });
    try {
      let entry!: typeof Entry;
      await jest.isolateModulesAsync(async () => {
        entry = await import("./index");
      });

      await expect(entry.handler(null as never, { functionName: "f" } as never)).rejects.toThrow(
        "event must be an object, got null",
      );
      expect(proxy.current.requests).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  test("a RotationSucceeded event names the rotated secret", () => {
    expect(
      parseSyncTrigger({
        "detail-type": "AWS Service Event via CloudTrail",
        source: "aws.secretsmanager",
        detail: { eventName: "RotationSucceeded", additionalEventData: { SecretId: "arn:rds" } },
      }),
    ).toEqual({ detailType: "AWS Service Event via CloudTrail", rotatedSecretId: "arn:rds" });
  });
});
