import { AppRunnerClient, StartDeploymentCommand } from "@aws-sdk/client-apprunner";
import { ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { RedeployError } from "./errors";
import { REDEPLOY_PENDING_STAGE, syncSecrets } from "./sync";
import {
  capturedLogger,
  createSecret,
  currentSecret,
  metricCalls,
  recordingMetrics,
  rotate,
  secretsManagerClient,
} from "../../test/support/secret-sync";

const SERVICE_ARN =
  "arn:aws:apprunner:us-east-1:123456789012:service/web/8fe1e10304f84fd2b0df550fe98a71fa";
const appRunnerMock = mockClient(AppRunnerClient);
const ecsMock = mockClient(ECSClient);

beforeEach(() => {
  appRunnerMock.reset();
  ecsMock.reset();
});

test("a change redeploys App Runner and ECS; a failed redeploy is retried by the next run", async () => {
  const secretsManager = secretsManagerClient();
  const log = capturedLogger();
  try {
    const rdsSecretArn = await createSecret(
      secretsManager,
      "rds!db-redeploy",
      JSON.stringify({ username: "app", password: "old" }),
    );
    const customSecretArn = await createSecret(
      secretsManager,
      "redeploy-url",
      "postgres://app:old@db/app",
    );
    await rotate(
      secretsManager,
      rdsSecretArn,
      JSON.stringify({ username: "app", password: "new" }),
    );
    const config = {
      pairs: [{ rdsSecretArn, customSecretArn }],
      sslmode: "require",
      appRunnerServiceArn: SERVICE_ARN,
      ecsService: { cluster: "prod", service: "web" },
    };
    const metrics = recordingMetrics();
    const deps = {
      secretsManager,
      appRunner: new AppRunnerClient({ region: "us-east-1" }),
      ecs: new ECSClient({ region: "us-east-1" }),
      logger: log.logger,
      metrics: metrics.sink,
    };
    appRunnerMock
      .on(StartDeploymentCommand)
      .rejectsOnce(new Error("service is in OPERATION_IN_PROGRESS"))
      .resolves({ OperationId: "op-1" });

    const failed = await syncSecrets(config, deps).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RedeployError);
    expect((failed as Error).message).toBe(
      `the custom secret changed but redeploying ${SERVICE_ARN} failed: service is in OPERATION_IN_PROGRESS`,
    );
    const written = await currentSecret(secretsManager, customSecretArn);
    expect(written.SecretString).toBe("postgres://app:new@db/app?sslmode=require");
    expect(written.VersionStages).toEqual(["AWSCURRENT", REDEPLOY_PENDING_STAGE]);
    // The secret was synced; the failed redeploy fails the invocation, it is not a SyncFailed.
    expect(metrics.take()).toEqual(metricCalls({ SecretUpdated: 1 }));

    const retried = await syncSecrets(config, deps);

    expect(retried).toEqual({ action: "unchanged" });
    expect(metrics.take()).toEqual(metricCalls({ SecretUnchanged: 1, RedeployTriggered: 2 }));
    expect(appRunnerMock).toHaveReceivedCommandTimes(StartDeploymentCommand, 2);
    expect(appRunnerMock).toHaveReceivedCommandWith(StartDeploymentCommand, {
      ServiceArn: SERVICE_ARN,
    });
    expect(ecsMock).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
    expect(ecsMock).toHaveReceivedCommandWith(UpdateServiceCommand, {
      cluster: "prod",
      service: "web",
      forceNewDeployment: true,
    });
    const cleared = await currentSecret(secretsManager, customSecretArn);
    expect(cleared.VersionId).toBe(written.VersionId);
    expect(cleared.VersionStages).toEqual(["AWSCURRENT"]);

    await syncSecrets(config, deps);
    expect(appRunnerMock).toHaveReceivedCommandTimes(StartDeploymentCommand, 2);
    expect(metrics.take()).toEqual(metricCalls({ SecretUnchanged: 1 }));
  } finally {
    log.restore();
  }
});

test("without a change nothing is redeployed", async () => {
  const secretsManager = secretsManagerClient();
  const log = capturedLogger();
  const metrics = recordingMetrics();
  try {
    const rdsSecretArn = await createSecret(
      secretsManager,
      "rds!db-quiet",
      JSON.stringify({ username: "app", password: "same" }),
    );
    const customSecretArn = await createSecret(
      secretsManager,
      "quiet-url",
      "postgres://app:same@db/app",
    );

    const result = await syncSecrets(
      {
        pairs: [{ rdsSecretArn, customSecretArn }],
        sslmode: "require",
        appRunnerServiceArn: SERVICE_ARN,
      },
      {
        secretsManager,
        appRunner: new AppRunnerClient({ region: "us-east-1" }),
        logger: log.logger,
        metrics: metrics.sink,
      },
    );

    expect(result).toEqual({ action: "unchanged" });
    expect(appRunnerMock).not.toHaveReceivedCommand(StartDeploymentCommand);
    expect(metrics.take()).toEqual(metricCalls({ SecretUnchanged: 1 }));
  } finally {
    log.restore();
  }
});
