import { Logger } from "@aws-lambda-powertools/logger";
import { AppRunnerClient } from "@aws-sdk/client-apprunner";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { EventBridgeEvent } from "aws-lambda";
import { awsClientConfig } from "../shared/aws-client-config";
import { secretSyncConfigFromEnv } from "./config";
import { syncSecrets } from "./sync";

const logger = new Logger({ serviceName: "secret-sync" });
const secretsManager = new SecretsManagerClient(awsClientConfig());
const appRunner = new AppRunnerClient(awsClientConfig());
const ecs = new ECSClient(awsClientConfig());

/** A `Scheduled Event` or the CloudTrail `RotationSucceeded` service event of an RDS secret. */
export type SecretSyncEvent = EventBridgeEvent<
  string,
  { eventName?: string; additionalEventData?: { SecretId?: string } }
>;

/** Every trigger syncs every pair: a sync of an unchanged pair only reads two secrets. */
export const handler = async (event: SecretSyncEvent) => {
  logger.info("secret sync triggered", {
    trigger: event["detail-type"],
    rotatedSecretId: event.detail?.additionalEventData?.SecretId,
  });
  const config = secretSyncConfigFromEnv(process.env);
  return syncSecrets(config, { secretsManager, appRunner, ecs, logger });
};
