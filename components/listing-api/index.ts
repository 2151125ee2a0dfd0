import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunction } from "../core/lambda-function";
import { createListingApiAlarms } from "./alarms";
import { createHttpApi } from "./api";
import { bucketArnOf, createListingBucket } from "./bucket";
import { createListingApiDashboard } from "./dashboard";
import { createInvokePolicy, PRINCIPAL_ARN } from "./invoke-policy";
import { createListingApiKey } from "./key";

/** Alarm thresholds. Every alarm looks at 5-minute periods and does not fire on missing data. */
export interface ListingApiAlarmThresholds {
  /** Lambda `Errors` (Sum per 5 min) at or above which the alarm fires. Defaults to 1. */
  readonly lambdaErrors?: number;
  /** Lambda `Throttles` (Sum per 5 min) at or above which the alarm fires. Defaults to 1. */
  readonly lambdaThrottles?: number;
  /** Lambda `Duration` p99 in ms, in 2 of 3 periods. Defaults to 3000. */
  readonly lambdaDurationP99Ms?: number;
  /** API `5xx` (Sum per 5 min) at or above which the alarm fires. Defaults to 1. */
  readonly api5xx?: number;
  /** API `4xx` as a percentage of `Count` (metric math), in 2 of 3 periods. Defaults to 10. */
  readonly api4xxRatePercent?: number;
  /** API `Latency` p99 in ms, in 2 of 3 periods. Defaults to 2000. */
  readonly apiLatencyP99Ms?: number;
}

export interface ListingApiArgs {
  /**
   * Roles that keep full access to the bucket beside the listing function; every other principal is
   * denied by the bucket policy. Must include the role that runs `pulumi up`, or the next update
   * cannot change the bucket.
   */
  readonly adminRoleArns: pulumi.Input<string>[];
  /**
   * IAM role or user ARNs (this account) that may call `GET /objects`: a managed policy granting
   * `execute-api:Invoke` on the route is attached to each. Defaults to none (attach `invokePolicyArn`
   * yourself). Only with IAM authorization.
   */
  readonly allowedPrincipals?: string[];
  /** A JWT authorizer (e.g. a Cognito user pool) instead of `AWS_IAM`. Defaults to `AWS_IAM`. */
  readonly jwtAuthorizer?: {
    readonly issuer: pulumi.Input<string>;
    readonly audiences: pulumi.Input<string>[];
    /** OAuth scopes the route requires. Defaults to none. */
    readonly scopes?: string[];
  };
  /**
   * An existing bucket to list instead of a new one. Its policy is replaced by this component's only
   * when `managePolicy` is true (defaults to false: a bucket policy is one document, and writing ours
   * would drop what is there). Defaults to a new SSE-KMS bucket.
   */
  readonly existingBucket?: {
    readonly name: pulumi.Input<string>;
    readonly managePolicy?: boolean;
  };
  /** The stage name, part of the URL and of the route's ARN. Defaults to `v1`. */
  readonly stageName?: string;
  /** Requests per second across the stage, steady state. Defaults to 25. */
  readonly throttlingRateLimit?: number;
  /** Requests the stage accepts in a burst. Defaults to 50. */
  readonly throttlingBurstLimit?: number;
  /**
   * The KMS key of the bucket, the log groups and the alarm topic. Its policy must let CloudWatch Logs
   * and CloudWatch alarms use it. Defaults to a new key with rotation and exactly those grants.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Retention of the access logs and function logs in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /** The function's timeout in seconds (API Gateway gives up at 30). Defaults to 10. */
  readonly timeout?: number;
  /** Reserved concurrency of the function. Defaults to none. */
  readonly reservedConcurrency?: number;
  /** The SNS topic that alarms notify. Defaults to a new topic encrypted with the component's key. */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** Alarm thresholds. Defaults to the defaults of each threshold. */
  readonly alarms?: ListingApiAlarmThresholds;
  /** Tags for every child resource that takes tags. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a ListingApi contradict each other; the message names the component. */
export class ListingApiArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ListingApiArgsError";
  }
}

/**
 * An HTTP API with one route, `GET /objects`, that lists a KMS-encrypted bucket through a Lambda
 * function allowed `s3:ListBucket` on that bucket only; IAM (or JWT) authorization, throttling, JSON
 * access logs to an encrypted log group, alarms to SNS and a dashboard.
 */
export class ListingApi extends pulumi.ComponentResource {
  public readonly api: aws.apigatewayv2.Api;
  public readonly stage: aws.apigatewayv2.Stage;
  public readonly route: aws.apigatewayv2.Route;
  public readonly handler: LambdaFunction;
  /** `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/objects` */
  public readonly url: pulumi.Output<string>;
  /** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/GET/objects`: what callers need to invoke. */
  public readonly routeArn: pulumi.Output<string>;
  public readonly bucketName: pulumi.Output<string>;
  public readonly alarmTopicArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;
  /** The managed policy that grants invoking the route (IAM authorization only). */
  public readonly invokePolicyArn?: pulumi.Output<string>;

  constructor(name: string, args: ListingApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:ListingApi", name, {}, opts);
    const stageName = args.stageName ?? "v1";
    const allowedPrincipals = args.allowedPrincipals ?? [];
    const tags = args.tags;
    const managesBucketPolicy = !args.existingBucket || args.existingBucket.managePolicy === true;
    if (args.jwtAuthorizer && allowedPrincipals.length > 0) {
      throw new ListingApiArgsError(
        `ListingApi ${name}: allowedPrincipals needs IAM authorization; remove it or jwtAuthorizer`,
      );
    }
    if (managesBucketPolicy && args.adminRoleArns.length === 0) {
      throw new ListingApiArgsError(
        `ListingApi ${name}: adminRoleArns is empty; the bucket policy would lock out the deployer`,
      );
    }
    for (const principal of allowedPrincipals) {
      if (!PRINCIPAL_ARN.test(principal)) {
        throw new ListingApiArgsError(
          `ListingApi ${name}: allowedPrincipals: "${principal}" is not an IAM role or user ARN`,
        );
      }
    }

    const region = aws.getRegionOutput({}, { parent: this }).region;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const stack = pulumi.getStack();
    const accessLogGroupName = `/aws/apigateway/opsguard/${stack}/${name}`;
    const logRetentionDays = args.logRetentionDays ?? 90;
    const key = args.kmsKeyArn
      ? undefined
      : createListingApiKey(
          name,
          {
            region,
            account,
            logGroupNames: [accessLogGroupName, `/aws/lambda/opsguard/${stack}/${name}-handler`],
            tags,
          },
          { parent: this },
        );
    const kmsKeyArn = pulumi.output(args.kmsKeyArn ?? key!.arn);

    // The bucket policy names the function's role, whose policy names the bucket: the role's ARN
    // is handed to the bucket once the function exists.
    const [listingRoleArn, resolveListingRoleArn] = pulumi.deferredOutput<string>();
    const bucketName = createListingBucket(
      name,
      {
        existingBucket: args.existingBucket,
        adminRoleArns: args.adminRoleArns,
        listingRoleArn,
        kmsKeyArn,
        tags,
      },
      { parent: this },
    );

    this.handler = new LambdaFunction(
      `${name}-handler`,
      {
        entry: "handlers/listing-api/index.ts",
        description: "GET /objects: lists one page of the bucket",
        policyStatements: [
          {
            Sid: "ListTheBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: bucketArnOf(bucketName),
          },
        ],
        environment: { BUCKET_NAME: bucketName, POWERTOOLS_SERVICE_NAME: "listing-api" },
        timeout: args.timeout ?? 10,
        reservedConcurrency: args.reservedConcurrency,
        logRetentionDays,
        logKmsKeyArn: kmsKeyArn,
        tags,
      },
      { parent: this },
    );
    resolveListingRoleArn(this.handler.roleArn);

    const http = createHttpApi(
      name,
      {
        handler: this.handler,
        stageName,
        jwtAuthorizer: args.jwtAuthorizer,
        accessLogGroupName,
        logRetentionDays,
        kmsKeyArn,
        throttlingRateLimit: args.throttlingRateLimit ?? 25,
        throttlingBurstLimit: args.throttlingBurstLimit ?? 50,
        tags,
      },
      { parent: this },
    );
    this.api = http.api;
    this.route = http.route;
    this.stage = http.stage;
    this.routeArn = http.routeArn;
    if (!args.jwtAuthorizer) {
      this.invokePolicyArn = createInvokePolicy(
        name,
        { routeArn: this.routeArn, allowedPrincipals, tags },
        { parent: this },
      ).arn;
    }

    this.alarmTopicArn = pulumi.output(
      args.alarmTopicArn ??
        new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: kmsKeyArn, tags }, { parent: this })
          .arn,
    );
    createListingApiAlarms(
      name,
      {
        thresholds: args.alarms ?? {},
        functionName: this.handler.functionName,
        apiId: this.api.id,
        stageName,
        alarmTopicArn: this.alarmTopicArn,
        tags,
      },
      { parent: this },
    );
    this.dashboardName = createListingApiDashboard(
      name,
      {
        stack,
        region,
        functionName: this.handler.functionName,
        apiId: this.api.id,
        stageName,
      },
      { parent: this },
    );

    this.url = pulumi.interpolate`${this.api.apiEndpoint}/${stageName}/objects`;
    this.bucketName = bucketName;
    this.registerOutputs({
      url: this.url,
      routeArn: this.routeArn,
      bucketName: this.bucketName,
      alarmTopicArn: this.alarmTopicArn,
      dashboardName: this.dashboardName,
      invokePolicyArn: this.invokePolicyArn,
    });
  }
}
