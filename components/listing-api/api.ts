import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LambdaFunction } from "../core/lambda-function";
import { LISTING_API_ROUTE_KEY } from "../../contracts/listing-api";
import type { ListingApiArgs } from "./args";

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

export interface HttpApiArgs {
  readonly handler: LambdaFunction;
  readonly stageName: string;
  readonly jwtAuthorizer: ListingApiArgs["jwtAuthorizer"];
  readonly accessLogGroupName: string;
  readonly logRetentionDays: number;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly tags: ListingApiArgs["tags"];
}

export interface HttpApi {
  readonly api: aws.apigatewayv2.Api;
  readonly route: aws.apigatewayv2.Route;
  readonly stage: aws.apigatewayv2.Stage;
  /** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/GET/objects` */
  readonly routeArn: pulumi.Output<string>;
}

/**
 * The HTTP API in front of the function: the `GET /objects` route (IAM or JWT), a throttled
 * auto-deployed stage with JSON access logs, and the permission for API Gateway to invoke the function.
 */
export function createHttpApi(
  name: string,
  args: HttpApiArgs,
  opts: pulumi.CustomResourceOptions,
): HttpApi {
  const { handler, stageName, tags } = args;
  const api = new aws.apigatewayv2.Api(
    `${name}-api`,
    { protocolType: "HTTP", description: `opsguard ${name}: ${LISTING_API_ROUTE_KEY}`, tags },
    opts,
  );
  const integration = new aws.apigatewayv2.Integration(
    `${name}-integration`,
    {
      apiId: api.id,
      integrationType: "AWS_PROXY",
      integrationMethod: "POST",
      integrationUri: handler.arn,
      payloadFormatVersion: "2.0",
    },
    opts,
  );
  const authorizer = args.jwtAuthorizer
    ? new aws.apigatewayv2.Authorizer(
        `${name}-authorizer`,
        {
          apiId: api.id,
          authorizerType: "JWT",
          identitySources: ["$request.header.Authorization"],
          jwtConfiguration: {
            issuer: args.jwtAuthorizer.issuer,
            audiences: args.jwtAuthorizer.audiences,
          },
        },
        opts,
      )
    : undefined;
  const route = new aws.apigatewayv2.Route(
    `${name}-route`,
    {
      apiId: api.id,
      routeKey: LISTING_API_ROUTE_KEY,
      target: pulumi.interpolate`integrations/${integration.id}`,
      authorizationType: authorizer ? "JWT" : "AWS_IAM",
      authorizerId: authorizer?.id,
      authorizationScopes: authorizer ? args.jwtAuthorizer?.scopes : undefined,
    },
    opts,
  );

  const accessLogs = new aws.cloudwatch.LogGroup(
    `${name}-access-logs`,
    {
      name: args.accessLogGroupName,
      retentionInDays: args.logRetentionDays,
      kmsKeyId: args.kmsKeyArn,
      tags,
    },
    opts,
  );
  const stage = new aws.apigatewayv2.Stage(
    `${name}-stage`,
    {
      apiId: api.id,
      name: stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingRateLimit: args.throttlingRateLimit,
        throttlingBurstLimit: args.throttlingBurstLimit,
      },
      tags,
    },
    // The route must exist before auto-deploy makes the stage's first deployment.
    { ...opts, dependsOn: [route] },
  );

  const routeArn = pulumi.interpolate`${api.executionArn}/${stageName}/GET/objects`;
  new aws.lambda.Permission(
    `${name}-invoke-permission`,
    {
      action: "lambda:InvokeFunction",
      function: handler.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: routeArn,
    },
    opts,
  );
  return { api, route, stage, routeArn };
}
