import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { CODE_WATCHER_SERVICE_NAME } from "../../contracts/code-watcher";
import { awsClientConfig } from "../shared/aws-client-config";
import { loadWatcherConfig } from "./config";
import type { BackupResult } from "./deps";
import { httpZipDownloader } from "./download";
import { parseWatchEvent } from "./event";
import { runWatch } from "./watch";

const logger = new Logger({ serviceName: CODE_WATCHER_SERVICE_NAME });
const lambda = new LambdaClient(awsClientConfig());
const s3 = new S3Client(awsClientConfig());
const download = httpZipDownloader();
const config = loadWatcherConfig(process.env);

/** EventBridge (CloudTrail or schedule) or a manual run: `{}`, the console's test event, `{ "functions": [...] }`. */
export const handler = async (event: unknown): Promise<BackupResult | BackupResult[]> => {
  const request = parseWatchEvent(event);
  if (request.kind === "sweep" && request.manualRun) {
    logger.info("manual run", { event: request.manualRun });
  }
  logger.info("request", { request });
  return runWatch({ lambda, s3, download, now: () => new Date(), log: logger }, config, request);
};
