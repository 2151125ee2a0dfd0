import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { remediatorConfigFromEnv } from "./config";
import { slackOutcomeNotifier, snsOutcomeNotifier, type OutcomeNotifier } from "./notify";
import { handleRemediationRecord } from "./record-handler";

const clientConfig = awsClientConfig();
const iam = new IAMClient(clientConfig);
const s3 = new S3Client(clientConfig);
const sns = new SNSClient(clientConfig);
const ssm = new SSMClient(clientConfig);
const sts = new STSClient(clientConfig);
const logger = new Logger({ serviceName: "policy-remediator" });
const metrics = new Metrics({
  namespace: process.env.METRICS_NAMESPACE ?? "IAMPolicyMonitor",
  serviceName: "policy-remediator",
});
const config = remediatorConfigFromEnv(process.env);
const processor = new BatchProcessor(EventType.SQS);

const notifiers: OutcomeNotifier[] = [];
if (config.notificationTopicArn)
  notifiers.push(snsOutcomeNotifier(sns, config.notificationTopicArn));
if (config.slackWebhookParameter) {
  notifiers.push(slackOutcomeNotifier(webhookUrlLoader(ssm, config.slackWebhookParameter)));
}

let ownRole: Promise<string> | undefined;
/** The execution role's name, from the assumed-role ARN (`…:assumed-role/<name>/<session>`). */
function ownRoleName(): Promise<string> {
  ownRole ??= sts.send(new GetCallerIdentityCommand({})).then((identity) => {
    const match = /:assumed-role\/([^/]+)\//.exec(identity.Arn ?? "");
    return match ? match[1] : (identity.Arn ?? "");
  });
  return ownRole;
}

const recordHandler = async (record: SQSRecord) =>
  handleRemediationRecord(record.body, {
    iam,
    s3,
    config,
    ownRoleName,
    notifiers,
    metrics,
    logger,
    now: () => new Date(),
  });

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};
