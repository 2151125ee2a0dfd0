/**
 * What the ListingApi component and its handler (`handlers/listing-api/`) agree on: the route, the
 * environment the component sets and the handler reads, and the log `service`.
 */

/** The one route of the API. */
export const LISTING_API_ROUTE_KEY = "GET /objects";

/** The handler's environment variables. */
export const LISTING_API_ENV = {
  /** The bucket that the route lists. */
  bucketName: "BUCKET_NAME",
  /** Read by Powertools' logger. */
  serviceName: "POWERTOOLS_SERVICE_NAME",
} as const;

export const LISTING_API_SERVICE_NAME = "listing-api";

/** The stage: part of the URL and of the route's ARN. */
export const DEFAULT_STAGE_NAME = "v1";
/** Requests per second across the stage, steady state, and in a burst. */
export const DEFAULT_THROTTLING_RATE_LIMIT = 25;
export const DEFAULT_THROTTLING_BURST_LIMIT = 50;
/** Retention of the access logs and the function's logs. */
export const DEFAULT_LOG_RETENTION_DAYS = 90;
/** Seconds; API Gateway gives up at 30. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** Alarm thresholds; every alarm looks at 5-minute periods. */
export const DEFAULT_ALARM_THRESHOLDS = {
  lambdaErrors: 1,
  lambdaThrottles: 1,
  lambdaDurationP99Ms: 3000,
  api5xx: 1,
  api4xxRatePercent: 10,
  apiLatencyP99Ms: 2000,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
} as const;
