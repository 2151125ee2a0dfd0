import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import {
  DEFAULT_METRICS_NAMESPACE,
  POLICY_MONITOR_SERVICES,
  REMEDIATOR_ENV,
} from "../../../contracts/policy-monitor";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { publishStoredMetrics } from "../../shared/metrics";
import { optionalEnv } from "../../shared/env";
import { remediatorConfig, remediatorConfigFromEnv, remediatorSettingsLoader } from "./config";
import { parseRemediationBatch } from "./event";
import { slackOutcomeNotifier, snsOutcomeNotifier, type OutcomeNotifier } from "./notify";
import { ownRoleNameLoader } from "./own-role";
import { handleRemediationMessage, type RecordDeps } from "./record-handler";

const clientConfig = awsClientConfig();
const iam = new IAMClient(clientConfig);
const s3 = new S3Client(clientConfig);
const sns = new SNSClient(clientConfig);
const ssm = new SSMClient(clientConfig);
const sts = new STSClient(clientConfig);
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.remediator });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, REMEDIATOR_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.remediator,
});
const environment = remediatorConfigFromEnv(process.env);
// The container's one cache of remediator.yaml (`CONFIG_CACHE_TTL_SECONDS`).
const loadSettings = remediatorSettingsLoader(
  s3,
  environment.configBucket,
  environment.settingsKey,
);
const processor = new BatchProcessor(EventType.SQS);

const notifiers: OutcomeNotifier[] = [];
if (environment.notificationTopicArn)
  notifiers.push(snsOutcomeNotifier(sns, environment.notificationTopicArn));
if (environment.slackWebhookParameter) {
  notifiers.push(slackOutcomeNotifier(webhookUrlLoader(ssm, environment.slackWebhookParameter)));
}

const ownRoleName = ownRoleNameLoader(sts);

/**
 * SQS → Lambda: a batch of remediation messages; only the failed records are retried. Settings that
 * cannot be read fail the whole batch, which SQS then redelivers (and dead-letters).
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batch = parseRemediationBatch(event);
  try {
    const deps: RecordDeps = {
      iam,
      s3,
      config: remediatorConfig(environment, await loadSettings()),
      ownRoleName,
      notifiers,
      metrics,
      logger,
      now: () => new Date(),
    };
    const recordHandler = async (record: SQSRecord) => handleRemediationMessage(record, deps);
    return await processPartialResponse(batch, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    publishStoredMetrics(metrics);
  }
};
