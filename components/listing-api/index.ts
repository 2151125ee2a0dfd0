import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_STAGE_NAME,
  DEFAULT_THROTTLING_BURST_LIMIT,
  DEFAULT_THROTTLING_RATE_LIMIT,
  DEFAULT_TIMEOUT_SECONDS,
  LISTING_API_ENV as ENV,
  LISTING_API_SERVICE_NAME,
} from "../../contracts/listing-api";
import { LambdaFunction } from "../core/lambda-function";
import { createListingApiAlarms } from "./alarms";
import { createHttpApi } from "./api";
import { validateListingApiArgs, type ListingApiArgs } from "./args";
import { bucketArnOf, createListingBucket } from "./bucket";
import { createListingApiDashboard } from "./dashboard";
import { createInvokePolicy } from "./invoke-policy";
import { createListingApiKey } from "./key";

export {
  ListingApiArgsError,
  validateListingApiArgs,
  type ListingApiAlarmThresholds,
  type ListingApiArgs,
} from "./args";

/**
 * An HTTP API with one route, `GET /objects`, that lists a KMS-encrypted bucket through a Lambda
 * function allowed `s3:ListBucket` on that bucket only; IAM (or JWT) authorization, throttling, JSON
 * access logs to an encrypted log group, alarms to SNS and a dashboard.
 */
export class ListingApi extends pulumi.ComponentResource {
  /** The id of the HTTP API. */
  public readonly apiId: pulumi.Output<string>;
  /** The ARN of the listing function. */
  public readonly functionArn: pulumi.Output<string>;
  /** `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/objects` */
  public readonly url: pulumi.Output<string>;
  /** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/GET/objects`: what callers need to invoke. */
  public readonly routeArn: pulumi.Output<string>;
  /** The bucket the API lists. */
  public readonly bucketName: pulumi.Output<string>;
  /** The topic the API's alarms notify. */
  public readonly alarmTopicArn: pulumi.Output<string>;
  /** The CloudWatch dashboard of the API. */
  public readonly dashboardName: pulumi.Output<string>;
  /** The managed policy that grants invoking the route (IAM authorization only). */
  public readonly invokePolicyArn?: pulumi.Output<string>;

  constructor(name: string, args: ListingApiArgs, opts?: pulumi.ComponentResourceOptions) {
    validateListingApiArgs(name, args);
    super("opsguard:index:ListingApi", name, {}, opts);
    const stageName = args.stageName ?? DEFAULT_STAGE_NAME;
    const allowedPrincipals = args.allowedPrincipals ?? [];
    const tags = args.tags;

    const region = aws.getRegionOutput({}, { parent: this }).region;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const stack = pulumi.getStack();
    const accessLogGroupName = `/aws/apigateway/opsguard/${stack}/${name}`;
    const logRetentionDays = args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
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

    const listingFunction = new LambdaFunction(
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
        environment: { [ENV.bucketName]: bucketName, [ENV.serviceName]: LISTING_API_SERVICE_NAME },
        timeout: args.timeout ?? DEFAULT_TIMEOUT_SECONDS,
        reservedConcurrency: args.reservedConcurrency,
        logRetentionDays,
        logKmsKeyArn: kmsKeyArn,
        tags,
      },
      { parent: this },
    );
    resolveListingRoleArn(listingFunction.roleArn);

    const http = createHttpApi(
      name,
      {
        handler: listingFunction,
        stageName,
        jwtAuthorizer: args.jwtAuthorizer,
        accessLogGroupName,
        logRetentionDays,
        kmsKeyArn,
        throttlingRateLimit: args.throttlingRateLimit ?? DEFAULT_THROTTLING_RATE_LIMIT,
        throttlingBurstLimit: args.throttlingBurstLimit ?? DEFAULT_THROTTLING_BURST_LIMIT,
        tags,
      },
      { parent: this },
    );
    const api = http.api;
    this.apiId = api.id;
    this.functionArn = listingFunction.arn;
    this.routeArn = http.routeArn;
    if (!args.jwtAuthorizer) {
      this.invokePolicyArn = createInvokePolicy(
        name,
        { routeArn: this.routeArn, allowedPrincipals, tags },
        { parent: this },
      ).arn;
    }

    if (args.alarmTopicArn !== undefined) {
      this.alarmTopicArn = pulumi.output(args.alarmTopicArn);
    } else {
      const topic = new aws.sns.Topic(
        `${name}-alarms`,
        { kmsMasterKeyId: kmsKeyArn, tags },
        { parent: this },
      );
      (args.alarmEmails ?? []).forEach((address, index) => {
        new aws.sns.TopicSubscription(
          `${name}-alarms-subscription-${index}`,
          { topic: topic.arn, protocol: "email", endpoint: address },
          { parent: this },
        );
      });
      this.alarmTopicArn = topic.arn;
    }
    createListingApiAlarms(
      name,
      {
        thresholds: args.alarms ?? {},
        functionName: listingFunction.functionName,
        apiId: api.id,
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
        functionName: listingFunction.functionName,
        apiId: api.id,
        stageName,
      },
      { parent: this },
    );

    this.url = pulumi.interpolate`${api.apiEndpoint}/${stageName}/objects`;
    this.bucketName = bucketName;
    this.registerOutputs({
      url: this.url,
      routeArn: this.routeArn,
      bucketName: this.bucketName,
      alarmTopicArn: this.alarmTopicArn,
      dashboardName: this.dashboardName,
      invokePolicyArn: this.invokePolicyArn,
      apiId: this.apiId,
      functionArn: this.functionArn,
    });
  }
}
