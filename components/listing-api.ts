import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunction } from "./lambda-function";
import { policyDocument, type PolicyStatement } from "./policy";
import { SecureBucket } from "./secure-bucket";

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

const ROUTE_KEY = "GET /objects";
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/(?:[^/]+\/)*([\w+=,.@-]+)$/;

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
    const key = args.kmsKeyArn ? undefined : this.createKey(name, region, account, tags);
    const kmsKeyArn = pulumi.output(args.kmsKeyArn ?? key!.arn);

    // The bucket policy names the function's role, whose policy names the bucket: the role's ARN
    // is handed to the bucket once the function exists.
    const [listingRoleArn, resolveListingRoleArn] = pulumi.deferredOutput<string>();
    const bucketArnOf = (bucket: pulumi.Input<string>) =>
      pulumi.interpolate`arn:aws:s3:::${bucket}`;
    const accessStatements = (bucketArn: pulumi.Input<string>): pulumi.Input<PolicyStatement>[] => [
      {
        Sid: "DenyAllButListingAndAdminRoles",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: {
          ArnNotLike: { "aws:PrincipalArn": [listingRoleArn, ...args.adminRoleArns] },
        },
      },
      {
        Sid: "AllowListingRoleToList",
        Effect: "Allow",
        Principal: { AWS: listingRoleArn },
        Action: "s3:ListBucket",
        Resource: bucketArn,
      },
    ];
    let bucketName: pulumi.Output<string>;
    if (args.existingBucket) {
      bucketName = pulumi.output(args.existingBucket.name);
      if (managesBucketPolicy) {
        const arn = bucketArnOf(bucketName);
        new aws.s3.BucketPolicy(
          `${name}-bucket-policy`,
          {
            bucket: bucketName,
            policy: policyDocument([
              {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, pulumi.interpolate`${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
              ...accessStatements(arn),
            ]),
          },
          { parent: this },
        );
      }
    } else {
      // A bucket policy's statements name the bucket itself, which exists only after this call.
      const [objectsBucketArn, resolveObjectsBucketArn] = pulumi.deferredOutput<string>();
      const bucket = new SecureBucket(
        `${name}-objects`,
        { kmsKeyArn, policyStatements: accessStatements(objectsBucketArn), tags },
        { parent: this },
      );
      resolveObjectsBucketArn(bucket.arn);
      bucketName = bucket.bucketName;
    }
    const bucketArn = bucketArnOf(bucketName);

    this.handler = new LambdaFunction(
      `${name}-handler`,
      {
        entry: "handlers/listing-api/index.ts",
        description: "GET /objects: lists one page of the bucket",
        policyStatements: [
          { Sid: "ListTheBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn },
        ],
        environment: { BUCKET_NAME: bucketName, POWERTOOLS_SERVICE_NAME: "listing-api" },
        timeout: args.timeout ?? 10,
        reservedConcurrency: args.reservedConcurrency,
        logRetentionDays: args.logRetentionDays ?? 90,
        logKmsKeyArn: kmsKeyArn,
        tags,
      },
      { parent: this },
    );
    resolveListingRoleArn(this.handler.roleArn);

    this.api = new aws.apigatewayv2.Api(
      `${name}-api`,
      { protocolType: "HTTP", description: `opsguard ${name}: ${ROUTE_KEY}`, tags },
      { parent: this },
    );
    const integration = new aws.apigatewayv2.Integration(
      `${name}-integration`,
      {
        apiId: this.api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: this.handler.arn,
        payloadFormatVersion: "2.0",
      },
      { parent: this },
    );
    const authorizer = args.jwtAuthorizer
      ? new aws.apigatewayv2.Authorizer(
          `${name}-authorizer`,
          {
            apiId: this.api.id,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: {
              issuer: args.jwtAuthorizer.issuer,
              audiences: args.jwtAuthorizer.audiences,
            },
          },
          { parent: this },
        )
      : undefined;
    this.route = new aws.apigatewayv2.Route(
      `${name}-route`,
      {
        apiId: this.api.id,
        routeKey: ROUTE_KEY,
        target: pulumi.interpolate`integrations/${integration.id}`,
        authorizationType: authorizer ? "JWT" : "AWS_IAM",
        authorizerId: authorizer?.id,
        authorizationScopes: authorizer ? args.jwtAuthorizer?.scopes : undefined,
      },
      { parent: this },
    );

    const accessLogs = new aws.cloudwatch.LogGroup(
      `${name}-access-logs`,
      {
        name: accessLogGroupName,
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: kmsKeyArn,
        tags,
      },
      { parent: this },
    );
    this.stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: stageName,
        autoDeploy: true,
        accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
        defaultRouteSettings: {
          throttlingRateLimit: args.throttlingRateLimit ?? 25,
          throttlingBurstLimit: args.throttlingBurstLimit ?? 50,
        },
        tags,
      },
      // The route must exist before auto-deploy makes the stage's first deployment.
      { parent: this, dependsOn: [this.route] },
    );

    this.routeArn = pulumi.interpolate`${this.api.executionArn}/${stageName}/GET/objects`;
    new aws.lambda.Permission(
      `${name}-invoke-permission`,
      {
        action: "lambda:InvokeFunction",
        function: this.handler.functionName,
        principal: "apigateway.amazonaws.com",
        sourceArn: this.routeArn,
      },
      { parent: this },
    );
    if (!authorizer) {
      const invokePolicy = new aws.iam.Policy(
        `${name}-invoke`,
        {
          description: `Invoke ${ROUTE_KEY} of the opsguard ListingApi ${name}`,
          policy: policyDocument([
            {
              Sid: "InvokeListObjects",
              Effect: "Allow",
              Action: ["execute-api:Invoke"],
              Resource: this.routeArn,
            },
          ]),
          tags,
        },
        { parent: this },
      );
      this.invokePolicyArn = invokePolicy.arn;
      for (const principal of allowedPrincipals) {
        const [, kind, principalName] = PRINCIPAL_ARN.exec(principal)!;
        if (kind === "role") {
          new aws.iam.RolePolicyAttachment(
            `${name}-invoke-${principalName}`,
            { role: principalName, policyArn: invokePolicy.arn },
            { parent: this },
          );
        } else {
          new aws.iam.UserPolicyAttachment(
            `${name}-invoke-${principalName}`,
            { user: principalName, policyArn: invokePolicy.arn },
            { parent: this },
          );
        }
      }
    }

    this.alarmTopicArn = pulumi.output(
      args.alarmTopicArn ??
        new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: kmsKeyArn, tags }, { parent: this })
          .arn,
    );
    this.createAlarms(name, args.alarms ?? {}, stageName, tags);
    this.dashboardName = this.createDashboard(name, stack, stageName, region);

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

  /** A key that CloudWatch Logs may use for this component's log groups only, and alarms for SNS. */
  private createKey(
    name: string,
    region: pulumi.Output<string>,
    account: pulumi.Output<string>,
    tags: ListingApiArgs["tags"],
  ): aws.kms.Key {
    const stack = pulumi.getStack();
    const logGroupArn = (group: string) =>
      pulumi.interpolate`arn:aws:logs:${region}:${account}:log-group:${group}`;
    return new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the bucket, logs and alarm topic of the ListingApi ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyDocument([
          {
            Sid: "AccountAdministersTheKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchLogsEncryptsThisComponentsLogGroups",
            Effect: "Allow",
            Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
            Action: [
              "kms:Encrypt*",
              "kms:Decrypt*",
              "kms:ReEncrypt*",
              "kms:GenerateDataKey*",
              "kms:Describe*",
            ],
            Resource: "*",
            Condition: {
              ArnLike: {
                "kms:EncryptionContext:aws:logs:arn": [
                  logGroupArn(`/aws/apigateway/opsguard/${stack}/${name}`),
                  logGroupArn(`/aws/lambda/opsguard/${stack}/${name}-handler`),
                ],
              },
            },
          },
          {
            Sid: "CloudWatchAlarmsPublishToTheEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
        ]),
        tags,
      },
      { parent: this },
    );
  }

  private createAlarms(
    name: string,
    thresholds: ListingApiAlarmThresholds,
    stageName: string,
    tags: ListingApiArgs["tags"],
  ): void {
    const lambda = { FunctionName: this.handler.functionName };
    const api = { ApiId: this.api.id, Stage: stageName };
    const common = {
      alarmActions: [this.alarmTopicArn],
      okActions: [this.alarmTopicArn],
      treatMissingData: "notBreaching",
      tags,
    };
    const twoOfThree = { evaluationPeriods: 3, datapointsToAlarm: 2 };
    type Spec = [
      string,
      string,
      string,
      string,
      Record<string, pulumi.Input<string>>,
      string,
      number,
    ];
    // [suffix, description, namespace, metric, dimensions, statistic, threshold]
    const specs: Spec[] = [
      [
        "lambda-errors",
        "the function failed",
        "AWS/Lambda",
        "Errors",
        lambda,
        "Sum",
        thresholds.lambdaErrors ?? 1,
      ],
      [
        "lambda-throttles",
        "invocations were throttled",
        "AWS/Lambda",
        "Throttles",
        lambda,
        "Sum",
        thresholds.lambdaThrottles ?? 1,
      ],
      [
        "lambda-duration-p99",
        "p99 duration is high (ms)",
        "AWS/Lambda",
        "Duration",
        lambda,
        "p99",
        thresholds.lambdaDurationP99Ms ?? 3000,
      ],
      [
        "api-5xx",
        "the API answered 5xx",
        "AWS/ApiGateway",
        "5xx",
        api,
        "Sum",
        thresholds.api5xx ?? 1,
      ],
      [
        "api-latency-p99",
        "p99 latency is high (ms)",
        "AWS/ApiGateway",
        "Latency",
        api,
        "p99",
        thresholds.apiLatencyP99Ms ?? 2000,
      ],
    ];
    for (const [suffix, description, namespace, metricName, dimensions, stat, threshold] of specs) {
      const percentile = stat.startsWith("p");
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          alarmDescription: `ListingApi ${name}: ${description}`,
          namespace,
          metricName,
          dimensions,
          ...(percentile ? { extendedStatistic: stat } : { statistic: stat }),
          period: 300,
          threshold,
          // A count alarms at its first bad period; a percentile must stay high for 2 of 3.
          ...(percentile
            ? { comparisonOperator: "GreaterThanThreshold", ...twoOfThree }
            : { comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 }),
          ...common,
        },
        { parent: this },
      );
    }

    const apiMetric = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: "AWS/ApiGateway",
        metricName,
        dimensions: api,
        period: 300,
        stat: "Sum",
      },
    });
    new aws.cloudwatch.MetricAlarm(
      `${name}-api-4xx-rate`,
      {
        alarmDescription: `ListingApi ${name}: the share of 4xx answers (percent of requests) is high`,
        metricQueries: [
          apiMetric("clientErrors", "4xx"),
          apiMetric("requests", "Count"),
          {
            id: "clientErrorRate",
            expression: "IF(requests > 0, 100 * clientErrors / requests, 0)",
            label: "4xx rate (%)",
            returnData: true,
          },
        ],
        threshold: thresholds.api4xxRatePercent ?? 10,
        comparisonOperator: "GreaterThanThreshold",
        ...twoOfThree,
        ...common,
      },
      { parent: this },
    );
  }

  private createDashboard(
    name: string,
    stack: string,
    stageName: string,
    region: pulumi.Output<string>,
  ): pulumi.Output<string> {
    const fn = ["FunctionName", this.handler.functionName];
    const api = ["ApiId", this.api.id, "Stage", stageName];
    const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
      type: "metric",
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region, view: "timeSeries", period: 300, metrics },
    });
    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `opsguard-${stack}-${name}`,
        dashboardBody: pulumi.jsonStringify({
          widgets: [
            widget(
              "Requests and errors",
              [
                ["AWS/ApiGateway", "Count", ...api, { stat: "Sum" }],
                ["AWS/ApiGateway", "4xx", ...api, { stat: "Sum" }],
                ["AWS/ApiGateway", "5xx", ...api, { stat: "Sum" }],
              ],
              0,
              0,
            ),
            widget(
              "API latency p99 (ms)",
              [
                ["AWS/ApiGateway", "Latency", ...api, { stat: "p99" }],
                ["AWS/ApiGateway", "IntegrationLatency", ...api, { stat: "p99" }],
              ],
              12,
              0,
            ),
            widget(
              "Function invocations",
              [
                ["AWS/Lambda", "Invocations", ...fn, { stat: "Sum" }],
                ["AWS/Lambda", "Errors", ...fn, { stat: "Sum" }],
                ["AWS/Lambda", "Throttles", ...fn, { stat: "Sum" }],
                ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum" }],
              ],
              0,
              6,
            ),
            widget(
              "Function duration (ms)",
              [
                ["AWS/Lambda", "Duration", ...fn, { stat: "p50" }],
                ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
              ],
              12,
              6,
            ),
          ],
        }),
      },
      { parent: this },
    );
    return dashboard.dashboardName;
  }
}

/** One JSON object per request; `$context` variables of HTTP APIs. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  time: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  callerArn: "$context.identity.userArn",
  jwtSubject: "$context.authorizer.claims.sub",
  method: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  error: "$context.error.message",
  authorizerError: "$context.authorizer.error",
});
