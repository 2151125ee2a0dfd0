import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { AppRunnerClient } from "@aws-sdk/client-apprunner";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context, EventBridgeEvent } from "aws-lambda";
import {
  SECRET_SYNC_METRIC_NAMESPACE,
  SECRET_SYNC_SERVICE_NAME,
} from "../../contracts/secret-sync";
import { awsClientConfig } from "../shared/aws-client-config";
import { secretSyncConfigFromEnv } from "./config";
import { parseSyncTrigger } from "./event";
import { syncSecrets } from "./sync";

const logger = new Logger({ serviceName: SECRET_SYNC_SERVICE_NAME });
const metrics = new Metrics({
  namespace: SECRET_SYNC_METRIC_NAMESPACE,
  serviceName: SECRET_SYNC_SERVICE_NAME,
});
const secretsManager = new SecretsManagerClient(awsClientConfig());
const appRunner = new AppRunnerClient(awsClientConfig());
const ecs = new ECSClient(awsClientConfig());
const config = secretSyncConfigFromEnv(process.env);

/**
 * A `Scheduled Event`, the CloudTrail `RotationSucceeded` service event of an RDS secret, or a manual
 * run: `{}` or the console's test event.
 */
export type SecretSyncEvent = EventBridgeEvent<
  string,
  { eventName?: string; additionalEventData?: { SecretId?: string } }
>;

/** Every trigger syncs every pair: a sync of an unchanged pair only reads two secrets. */
export const handler = async (event: SecretSyncEvent, context: Context) => {
  const trigger = parseSyncTrigger(event);
  if (trigger.manualRun) logger.info("manual run", { event: trigger.manualRun });
  logger.info("secret sync triggered", {
    trigger: trigger.detailType,
    rotatedSecretId: trigger.rotatedSecretId,
  });
  try {
    return await syncSecrets(config, { secretsManager, appRunner, ecs, logger, metrics });
  } finally {
    // A run that failed still counts: SyncFailed is what an alarm watches.
    if (metrics.hasStoredMetrics()) {
      metrics.addDimension("FunctionName", context.functionName);
      metrics.publishStoredMetrics();
    }
  }
};
