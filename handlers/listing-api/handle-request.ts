import type { S3Client } from "@aws-sdk/client-s3";
import type {
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import { httpStatusOf } from "../shared/aws-errors";
import { BadParameterError, UpstreamError } from "./errors";
import { malformedEventField } from "./event";
import { listObjectsPage } from "./list-objects";
import { parseListingQuery } from "./query";

/** A payload format 2.0 event of `GET /objects`, authorized by IAM (the default) or by a JWT. */
export type ListingEvent =
  APIGatewayProxyEventV2WithIAMAuthorizer | APIGatewayProxyEventV2WithJWTAuthorizer;

/** The part of the Powertools logger the core uses: a message and structured attributes. */
export interface ListingLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface ListingDependencies {
  readonly s3: Pick<S3Client, "send">;
  readonly bucketName: string;
  readonly logger: ListingLogger;
}

/** The identity API Gateway authorized: the IAM principal's ARN, or the JWT's subject. */
export function callerOf(event: ListingEvent): string {
  const authorizer = event.requestContext.authorizer as Partial<
    APIGatewayProxyEventV2WithIAMAuthorizer["requestContext"]["authorizer"] &
      APIGatewayProxyEventV2WithJWTAuthorizer["requestContext"]["authorizer"]
  >;
  const subject = authorizer?.jwt?.claims?.sub;
  return authorizer?.iam?.userArn ?? (subject === undefined ? "unknown" : `jwt:${subject}`);
}

/**
 * `GET /objects?prefix=&maxKeys=&continuationToken=` → one page of the bucket. A bad parameter is a
 * 400 that names it; an S3 failure is a 502 that says nothing of S3 (its details go to the log only).
 */
export async function handleListingRequest(
  event: ListingEvent,
  { s3, bucketName, logger }: ListingDependencies,
): Promise<APIGatewayProxyStructuredResultV2> {
  const malformed = malformedEventField(event);
  if (malformed) {
    const message = `${malformed} is missing or malformed: not an API Gateway payload 2.0 request`;
    logger.warn("rejected a malformed event", { field: malformed });
    return json(400, { error: "InvalidEvent", field: malformed, message });
  }
  const request = { requestId: event.requestContext.requestId, callerArn: callerOf(event) };
  try {
    const query = parseListingQuery(event.queryStringParameters, event.rawQueryString);
    const page = await listObjectsPage(s3, bucketName, query);
    logger.info("listed objects", {
      ...request,
      prefix: query.prefix ?? "",
      maxKeys: query.maxKeys,
      continued: query.continuationToken !== undefined,
      count: page.objects.length,
      isTruncated: page.isTruncated,
    });
    return json(200, page);
  } catch (error) {
    if (error instanceof BadParameterError) {
      logger.warn("rejected a bad parameter", {
        ...request,
        parameter: error.parameter,
        reason: error.message,
      });
      return json(400, {
        error: "BadParameter",
        parameter: error.parameter,
        message: error.message,
      });
    }
    if (error instanceof UpstreamError) {
      const cause = error.cause as
        { name?: string; message?: string; $metadata?: Record<string, unknown> } | undefined;
      logger.error("S3 listing failed", {
        ...request,
        errorName: cause?.name,
        errorMessage: cause?.message,
        httpStatusCode: httpStatusOf(cause),
        s3RequestId: cause?.$metadata?.requestId,
      });
      return json(502, {
        error: "UpstreamError",
        message: "The object listing is unavailable; try again later.",
        requestId: request.requestId,
      });
    }
    throw error;
  }
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}
