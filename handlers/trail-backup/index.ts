import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { Context } from "aws-lambda";
import {
  TRAIL_BACKUP_METRIC_NAMESPACE,
  TRAIL_BACKUP_METRICS,
  TRAIL_BACKUP_SERVICE_NAME,
} from "../../contracts/trail-backup";
import { awsClientConfig } from "../shared/aws-client-config";
import { runTrailBackup, type FailedCopy } from "./backup";
import type { TrailBackupResult } from "./types";
import { configFromEnv } from "./config";
import { BackupFailedError } from "./errors";
import { parseBackupEvent } from "./event";

const MAX_RESERVE_MS = 60_000;

const s3 = new S3Client(awsClientConfig());
const lambda = new LambdaClient(awsClientConfig());
const s3control = new S3ControlClient(awsClientConfig());
const logger = new Logger({ serviceName: TRAIL_BACKUP_SERVICE_NAME });
const metrics = new Metrics({
  namespace: TRAIL_BACKUP_METRIC_NAMESPACE,
  serviceName: TRAIL_BACKUP_SERVICE_NAME,
});
const config = configFromEnv(process.env);

export const handler = async (event: unknown, context: Context): Promise<TrailBackupResult> => {
  const request = parseBackupEvent(event, new Date());
  if (request.manualRun) logger.info("manual run", { event: request.manualRun });
  const failures: FailedCopy[] = [];
  // Room for the copies in flight and the checkpoint: a fifth of the timeout, at most a minute.
  const reserveMs = Math.min(MAX_RESERVE_MS, Math.floor(context.getRemainingTimeInMillis() / 5));
  const result = await runTrailBackup(config, request, {
    s3,
    s3control,
    remainingMs: () => context.getRemainingTimeInMillis(),
    reserveMs,
    onFailure: (failure) => {
      failures.push(failure);
      logger.error("copy failed after retries", { ...failure });
    },
  });

  metrics.addDimension("FunctionName", context.functionName);
  metrics.addMetric(TRAIL_BACKUP_METRICS.objectsCopied, MetricUnit.Count, result.copied);
  metrics.addMetric(TRAIL_BACKUP_METRICS.objectsSkipped, MetricUnit.Count, result.skipped);
  metrics.addMetric(TRAIL_BACKUP_METRICS.objectsFailed, MetricUnit.Count, result.failed);
  metrics.publishStoredMetrics();
  logger.info("trail backup run", { ...result, asOf: request.asOf, dryRun: request.dryRun });

  if (!result.complete && !request.dryRun && config.continueBySelfInvoke) {
    // Asynchronous, so this invocation ends now; the same asOf keeps the run's cut-off.
    await lambda.send(
      new InvokeCommand({
        FunctionName: context.functionName,
        InvocationType: "Event",
        Payload: Buffer.from(JSON.stringify({ asOf: request.asOf.toISOString() })),
      }),
    );
  }
  if (result.failed > 0) {
    throw new BackupFailedError(
      result.failed,
      failures.slice(0, 3).map((failure) => `${failure.key} (${failure.error})`),
    );
  }
  return result;
};
