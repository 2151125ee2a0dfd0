import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { LISTING_API_SERVICE_NAME } from "../../contracts/listing-api";
import { awsClientConfig } from "../shared/aws-client-config";
import { listingConfigFromEnv } from "./config";
import { handleListingRequest, type ListingEvent } from "./handle-request";

const s3 = new S3Client(awsClientConfig());
const logger = new Logger({ serviceName: LISTING_API_SERVICE_NAME });
const config = listingConfigFromEnv(process.env);

export const handler = async (
  event: ListingEvent,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return handleListingRequest(event, { s3, bucketName: config.bucketName, logger });
};
