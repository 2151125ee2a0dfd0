import type * as pulumi from "@pulumi/pulumi";
import { componentArgsError } from "../core/errors";

/** An IAM role or user ARN of this account; groups 1 and 2 are the kind and the name. */
export const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/(?:[^/]+\/)*([\w+=,.@-]+)$/;

/**
 * Alarm thresholds. Every alarm looks at `evaluationPeriods` five-minute periods, fires when
 * `datapointsToAlarm` of them breach its threshold, and does not fire on missing data.
 */
export interface ListingApiAlarmThresholds {
  /** Five-minute periods each alarm looks at. Defaults to `DEFAULT_ALARM_THRESHOLDS.evaluationPeriods` (3). */
  readonly evaluationPeriods?: number;
  /** Breaching periods, out of `evaluationPeriods`, that raise an alarm. Defaults to `DEFAULT_ALARM_THRESHOLDS.datapointsToAlarm` (2). */
  readonly datapointsToAlarm?: number;
  /** Lambda `Errors` (Sum per 5 min) at or above which the alarm fires. Defaults to `DEFAULT_ALARM_THRESHOLDS.lambdaErrors` (1). */
  readonly lambdaErrors?: number;
  /** Lambda `Throttles` (Sum per 5 min) at or above which the alarm fires. Defaults to `DEFAULT_ALARM_THRESHOLDS.lambdaThrottles` (1). */
  readonly lambdaThrottles?: number;
  /** Lambda `Duration` p99 in ms, in 2 of 3 periods. Defaults to `DEFAULT_ALARM_THRESHOLDS.lambdaDurationP99Ms` (3000). */
  readonly lambdaDurationP99Ms?: number;
  /** API `5xx` (Sum per 5 min) at or above which the alarm fires. Defaults to `DEFAULT_ALARM_THRESHOLDS.api5xx` (1). */
  readonly api5xx?: number;
  /** API `4xx` as a percentage of `Count` (metric math), in 2 of 3 periods. Defaults to `DEFAULT_ALARM_THRESHOLDS.api4xxRatePercent` (10). */
  readonly api4xxRatePercent?: number;
  /** API `Latency` p99 in ms, in 2 of 3 periods. Defaults to `DEFAULT_ALARM_THRESHOLDS.apiLatencyP99Ms` (2000). */
  readonly apiLatencyP99Ms?: number;
}

/** A JWT authorizer for the route, e.g. a Cognito user pool. */
export interface ListingApiJwtAuthorizer {
  /** The token issuer URL. */
  readonly issuer: pulumi.Input<string>;
  /** The audiences (client ids) a token must name one of. */
  readonly audiences: pulumi.Input<string>[];
  /** OAuth scopes the route requires. Defaults to none. */
  readonly scopes?: string[];
}

/** An existing bucket to list. */
export interface ListingApiExistingBucket {
  /** The bucket's name. */
  readonly name: pulumi.Input<string>;
  /**
   * Whether this component writes the bucket's policy (a bucket policy is one document, and writing
   * ours would drop what is there). Defaults to false.
   */
  readonly managePolicy?: boolean;
}

export interface ListingApiArgs {
  /**
   * Roles that keep full access to the bucket beside the listing function; every other principal is
   * denied by the bucket policy. Must include the role that runs `pulumi up`, or the next update
   * cannot change the bucket; must not be empty while the component writes the bucket policy.
   */
  readonly adminRoleArns: pulumi.Input<string>[];
  /**
   * IAM role or user ARNs (this account) that may call `GET /objects`: a managed policy granting
   * `execute-api:Invoke` on the route is attached to each. Defaults to none (attach `invokePolicyArn`
   * yourself). Each must match `PRINCIPAL_ARN`. Only with IAM authorization.
   */
  readonly allowedPrincipals?: string[];
  /** A JWT authorizer (e.g. a Cognito user pool) instead of `AWS_IAM`. Defaults to `AWS_IAM`. */
  readonly jwtAuthorizer?: ListingApiJwtAuthorizer;
  /**
   * An existing bucket to list instead of a new one. Its policy is replaced by this component's only
   * when `managePolicy` is true (defaults to false: a bucket policy is one document, and writing ours
   * would drop what is there). Defaults to a new SSE-KMS bucket.
   */
  readonly existingBucket?: ListingApiExistingBucket;
  /** The stage name, part of the URL and of the route's ARN. Defaults to `DEFAULT_STAGE_NAME` (`v1`). */
  readonly stageName?: string;
  /** Requests per second across the stage, steady state. Defaults to `DEFAULT_THROTTLING_RATE_LIMIT` (25). */
  readonly throttlingRateLimit?: number;
  /** Requests the stage accepts in a burst. Defaults to `DEFAULT_THROTTLING_BURST_LIMIT` (50). */
  readonly throttlingBurstLimit?: number;
  /**
   * The KMS key of the bucket, the log groups and the alarm topic. Its policy must let CloudWatch Logs
   * and CloudWatch alarms use it. Defaults to a new key with rotation and exactly those grants.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Retention of the access logs and function logs in days. Defaults to `DEFAULT_LOG_RETENTION_DAYS` (90). */
  readonly logRetentionDays?: number;
  /** The function's timeout in seconds (API Gateway gives up at 30). Defaults to `DEFAULT_TIMEOUT_SECONDS` (10). */
  readonly timeout?: number;
  /** Reserved concurrency of the function. Defaults to none. */
  readonly reservedConcurrency?: number;
  /**
   * The SNS topic that alarms notify (for example the stack's shared alerts topic). Defaults to a
   * new topic encrypted with the component's key, that emails `alarmEmails`.
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /**
   * Addresses the new alarm topic emails; each must confirm. Defaults to none. Not used when
   * `alarmTopicArn` is given.
   */
  readonly alarmEmails?: string[];
  /** Alarm thresholds. Defaults to `DEFAULT_ALARM_THRESHOLDS`, each on its own. */
  readonly alarms?: ListingApiAlarmThresholds;
  /** Tags for every child resource that takes tags. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a ListingApi contradict each other; the message names the field. */
export const ListingApiArgsError = componentArgsError("ListingApi");
export type ListingApiArgsError = InstanceType<typeof ListingApiArgsError>;

/**
 * Checks what the types cannot: allowed principals only with IAM authorization, and each an IAM
 * role or user ARN; admin roles whenever the component writes the bucket policy.
 */
export function validateListingApiArgs(name: string, args: ListingApiArgs): void {
  const fail = (problem: string) => {
    throw new ListingApiArgsError(name, problem);
  };
  const allowedPrincipals = args.allowedPrincipals ?? [];
  const managesBucketPolicy = !args.existingBucket || args.existingBucket.managePolicy === true;
  if (args.jwtAuthorizer && allowedPrincipals.length > 0) {
    fail("allowedPrincipals needs IAM authorization; remove it or jwtAuthorizer");
  }
  if (managesBucketPolicy && args.adminRoleArns.length === 0) {
    fail("adminRoleArns is empty; the bucket policy would lock out the deployer");
  }
  for (const principal of allowedPrincipals) {
    if (!PRINCIPAL_ARN.test(principal)) {
      fail(`allowedPrincipals: "${principal}" is not an IAM role or user ARN`);
    }
  }
}
