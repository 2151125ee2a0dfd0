import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";
import { listingApiArgsFromConfig, listingApiConfigSchema } from "../../config/listing-api";

const ADMIN = "arn:aws:iam::123456789012:role/opsguard-github-deploy";
const READER = "arn:aws:iam::123456789012:role/team/reporting-reader";
const AUDITOR = "arn:aws:iam::123456789012:user/auditor";

async function plan(program: () => Promise<void>): Promise<PlannedResource[]> {
  const run = await runProgram({
    program: async () => {
      await program();
      return {};
    },
  });
  return run.resources;
}

const byName = (resources: PlannedResource[], name: string) => {
  const found = resources.filter((resource) => resource.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const parsed = (value: unknown) => JSON.parse(value as string);

describe("ListingApi with IAM authorization (config defaults)", () => {
  let resources: PlannedResource[];
  const child = (name: string) => byName(resources, name);
  /** The mock API's id: the last part of its execution ARN. */
  const apiId = () => (child("listing-api").state.executionArn as string).split(":").pop()!;

  beforeAll(async () => {
    resources = await plan(async () => {
      const { ListingApi } = await import("./index");
      const config = listingApiConfigSchema.parse({
        adminRoleArns: [ADMIN],
        allowedPrincipals: [READER, AUDITOR],
      });
      new ListingApi("listing", listingApiArgsFromConfig(config, { team: "ops" }));
    });
  });

  test("the route is GET /objects under AWS_IAM, proxying to the function with payload 2.0", () => {
    const route = child("listing-route").inputs;
    expect(route).toMatchObject({ routeKey: "GET /objects", authorizationType: "AWS_IAM" });
    expect(route.authorizerId).toBeUndefined();
    expect(child("listing-integration").inputs).toMatchObject({
      integrationType: "AWS_PROXY",
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
      integrationUri: expect.stringMatching(
        /^arn:aws:lambda:us-east-1:123456789012:function:listing-handler-function-/,
      ),
    });
    expect(child("listing-api").inputs).toMatchObject({ protocolType: "HTTP" });
    expect(
      resources.some((resource) => resource.type === "aws:apigatewayv2/authorizer:Authorizer"),
    ).toBe(false);
  });

  test("the stage v1 throttles at 25 rps / burst 50 and writes JSON access logs to a KMS log group", () => {
    const stage = child("listing-stage").inputs;
    expect(stage).toMatchObject({
      name: "v1",
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: 25, throttlingBurstLimit: 50 },
    });
    const logs = child("listing-access-logs");
    expect(logs.inputs).toMatchObject({
      name: "/aws/apigateway/opsguard/dev/listing",
      retentionInDays: 90,
      kmsKeyId: child("listing-key").state.arn,
    });
    const settings = stage.accessLogSettings as { destinationArn: string; format: string };
    expect(settings.destinationArn).toBe(logs.state.arn);
    expect(JSON.parse(settings.format)).toMatchObject({
      requestId: "$context.requestId",
      callerArn: "$context.identity.userArn",
      status: "$context.status",
      routeKey: "$context.routeKey",
    });
  });

  test("the function may list this bucket and nothing else, and is told its name", () => {
    const bucket = child("listing-objects-bucket").state.bucket as string;
    const policy = parsed(child("listing-handler-policy").inputs.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Sid: "WriteOwnLogs" }),
      {
        Sid: "ListTheBucket",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: `arn:aws:s3:::${bucket}`,
      },
    ]);
    const fn = child("listing-handler-function").inputs;
    expect((fn.environment as { variables: Record<string, string> }).variables).toMatchObject({
      BUCKET_NAME: bucket,
      POWERTOOLS_SERVICE_NAME: "listing-api",
    });
    expect(fn.timeout).toBe(10);
    expect(child("listing-handler-logs").inputs.kmsKeyId).toBe(child("listing-key").state.arn);
  });

  test("the bucket is SSE-KMS with the component's key and denies all but the listing and admin roles", () => {
    const keyArn = child("listing-key").state.arn;
    const encryption = child("listing-objects-encryption").inputs.rules as any[];
    expect(encryption[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: keyArn,
    });
    const bucketArn = child("listing-objects-bucket").state.arn;
    const roleArn = child("listing-handler-role").state.arn;
    const statements = parsed(child("listing-objects-policy").inputs.policy).Statement;
    expect(statements.map((statement: { Sid: string }) => statement.Sid)).toEqual([
      "DenyInsecureTransport",
      "DenyAllButListingAndAdminRoles",
      "AllowListingRoleToList",
    ]);
    expect(statements[1]).toEqual({
      Sid: "DenyAllButListingAndAdminRoles",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { ArnNotLike: { "aws:PrincipalArn": [roleArn, ADMIN] } },
    });
    expect(statements[2]).toEqual({
      Sid: "AllowListingRoleToList",
      Effect: "Allow",
      Principal: { AWS: roleArn },
      Action: "s3:ListBucket",
      Resource: bucketArn,
    });
  });

  test("allowedPrincipals get a policy to invoke exactly GET /objects of stage v1", () => {
    const routeArn = `arn:aws:execute-api:us-east-1:123456789012:${apiId()}/v1/GET/objects`;
    expect(apiId()).toMatch(/^[0-9a-f]{10}$/);
    expect(parsed(child("listing-invoke").inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "InvokeListObjects",
          Effect: "Allow",
          Action: ["execute-api:Invoke"],
          Resource: routeArn,
        },
      ],
    });
    const invokePolicyArn = child("listing-invoke").state.arn;
    expect(child("listing-invoke-reporting-reader")).toMatchObject({
      type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      inputs: { role: "reporting-reader", policyArn: invokePolicyArn },
    });
    expect(child("listing-invoke-auditor")).toMatchObject({
      type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      inputs: { user: "auditor", policyArn: invokePolicyArn },
    });
    expect(child("listing-invoke-permission").inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: child("listing-handler-function").state.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: routeArn,
    });
  });

  test.each([
    [
      "listing-lambda-errors",
      "AWS/Lambda",
      "Errors",
      { statistic: "Sum" },
      1,
      "GreaterThanOrEqualToThreshold",
    ],
    [
      "listing-lambda-throttles",
      "AWS/Lambda",
      "Throttles",
      { statistic: "Sum" },
      1,
      "GreaterThanOrEqualToThreshold",
    ],
    [
      "listing-lambda-duration-p99",
      "AWS/Lambda",
      "Duration",
      { extendedStatistic: "p99" },
      3000,
      "GreaterThanThreshold",
    ],
    [
      "listing-api-5xx",
      "AWS/ApiGateway",
      "5xx",
      { statistic: "Sum" },
      1,
      "GreaterThanOrEqualToThreshold",
    ],
    [
      "listing-api-latency-p99",
      "AWS/ApiGateway",
      "Latency",
      { extendedStatistic: "p99" },
      2000,
      "GreaterThanThreshold",
    ],
  ])(
    "alarm %s watches %s %s",
    (name, namespace, metricName, statistic, threshold, comparisonOperator) => {
      const alarm = child(name).inputs;
      const topicArn = child("listing-alarms").state.arn;
      const dimensions =
        namespace === "AWS/Lambda"
          ? { FunctionName: child("listing-handler-function").state.name }
          : { ApiId: apiId(), Stage: "v1" };
      expect(alarm).toMatchObject({
        namespace,
        metricName,
        dimensions,
        ...statistic,
        period: 300,
        threshold,
        comparisonOperator,
        treatMissingData: "notBreaching",
        alarmActions: [topicArn],
        okActions: [topicArn],
      });
    },
  );

  test("the 4xx alarm is a rate: 100 × 4xx / Count by metric math, above 10 % in 2 of 3 periods", () => {
    const alarm = child("listing-api-4xx-rate").inputs;
    const dimensions = { ApiId: apiId(), Stage: "v1" };
    expect(alarm).toMatchObject({
      threshold: 10,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      metricQueries: [
        {
          id: "clientErrors",
          returnData: false,
          metric: {
            namespace: "AWS/ApiGateway",
            metricName: "4xx",
            dimensions,
            period: 300,
            stat: "Sum",
          },
        },
        {
          id: "requests",
          returnData: false,
          metric: {
            namespace: "AWS/ApiGateway",
            metricName: "Count",
            dimensions,
            period: 300,
            stat: "Sum",
          },
        },
        {
          id: "clientErrorRate",
          expression: "IF(requests > 0, 100 * clientErrors / requests, 0)",
          returnData: true,
        },
      ],
    });
  });

  test("alarms go to a topic encrypted with the key, whose policy admits only its logs and alarms", () => {
    const key = child("listing-key");
    expect(child("listing-alarms").inputs.kmsMasterKeyId).toBe(key.state.arn);
    const statements = parsed(key.inputs.policy).Statement;
    expect(statements[1].Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(statements[1].Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [
          "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/opsguard/dev/listing",
          "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/opsguard/dev/listing-handler",
        ],
      },
    });
    expect(statements[2]).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  test("the dashboard charts the HTTP API and function metrics", () => {
    const dashboard = child("listing-dashboard").inputs;
    expect(dashboard.dashboardName).toBe("opsguard-dev-listing");
    const metrics = parsed(dashboard.dashboardBody).widgets.flatMap((widget: any) =>
      widget.properties.metrics.map((metric: string[]) => `${metric[0]} ${metric[1]}`),
    );
    expect(metrics).toEqual([
      "AWS/ApiGateway Count",
      "AWS/ApiGateway 4xx",
      "AWS/ApiGateway 5xx",
      "AWS/ApiGateway Latency",
      "AWS/ApiGateway IntegrationLatency",
      "AWS/Lambda Invocations",
      "AWS/Lambda Errors",
      "AWS/Lambda Throttles",
      "AWS/Lambda ConcurrentExecutions",
      "AWS/Lambda Duration",
      "AWS/Lambda Duration",
    ]);
  });

  test("children carry the stack's tags", () => {
    for (const name of [
      "listing-api",
      "listing-stage",
      "listing-access-logs",
      "listing-alarms",
      "listing-key",
    ]) {
      expect(child(name).inputs.tags).toEqual({ team: "ops" });
    }
  });
});

describe("ListingApi variants", () => {
  test("a JWT authorizer instead of IAM: route JWT with scopes, no invoke policy", async () => {
    const resources = await plan(async () => {
      const { ListingApi } = await import("./index");
      new ListingApi("jwt", {
        adminRoleArns: [ADMIN],
        jwtAuthorizer: {
          issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE",
          audiences: ["exampleclientid"],
          scopes: ["listing/read"],
        },
        throttlingRateLimit: 5,
        throttlingBurstLimit: 10,
        stageName: "prod",
      });
    });
    const authorizer = byName(resources, "jwt-authorizer");
    expect(authorizer.inputs).toMatchObject({
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE",
        audiences: ["exampleclientid"],
      },
    });
    expect(byName(resources, "jwt-route").inputs).toMatchObject({
      authorizationType: "JWT",
      authorizerId: expect.stringMatching(/^jwt-authorizer-[0-9a-f]{7}$/),
      authorizationScopes: ["listing/read"],
    });
    expect(byName(resources, "jwt-stage").inputs).toMatchObject({
      name: "prod",
      defaultRouteSettings: { throttlingRateLimit: 5, throttlingBurstLimit: 10 },
    });
    expect(resources.some((resource) => resource.type === "aws:iam/policy:Policy")).toBe(false);
  });

  test("an existing bucket: no new bucket, and no bucket policy unless managePolicy", async () => {
    const resources = await plan(async () => {
      const { ListingApi } = await import("./index");
      new ListingApi("kept", { adminRoleArns: [], existingBucket: { name: "team-data" } });
      new ListingApi("managed", {
        adminRoleArns: [ADMIN],
        existingBucket: { name: "other-data", managePolicy: true },
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/existing",
      });
    });
    expect(
      resources.filter((resource) => resource.type.startsWith("aws:s3/")).map((r) => r.name),
    ).toEqual(["managed-bucket-policy"]);
    expect(
      resources.some(
        (resource) => resource.type === "aws:kms/key:Key" && resource.name.startsWith("managed"),
      ),
    ).toBe(false);
    const statements = parsed(byName(resources, "managed-bucket-policy").inputs.policy).Statement;
    expect(statements[0]).toMatchObject({
      Sid: "DenyInsecureTransport",
      Resource: ["arn:aws:s3:::other-data", "arn:aws:s3:::other-data/*"],
    });
    expect(statements[1].Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([
      byName(resources, "managed-handler-role").state.arn,
      ADMIN,
    ]);
    expect(
      parsed(byName(resources, "kept-handler-policy").inputs.policy).Statement[1].Resource,
    ).toBe("arn:aws:s3:::team-data");
  });

  test.each([
    [
      { adminRoleArns: [] },
      "ListingApi bad: adminRoleArns is empty; the bucket policy would lock out the deployer",
    ],
    [
      { adminRoleArns: [ADMIN], allowedPrincipals: ["reporting-reader"] },
      'ListingApi bad: allowedPrincipals: "reporting-reader" is not an IAM role or user ARN',
    ],
    [
      {
        adminRoleArns: [ADMIN],
        allowedPrincipals: [READER],
        jwtAuthorizer: { issuer: "https://issuer.example", audiences: ["a"] },
      },
      "ListingApi bad: allowedPrincipals needs IAM authorization; remove it or jwtAuthorizer",
    ],
  ])("contradictory args %j are refused", async (args, message) => {
    const { ListingApi, ListingApiArgsError } = await import("./index");
    const planned = plan(async () => void new ListingApi("bad", args));
    await expect(planned).rejects.toThrow(ListingApiArgsError);
    await expect(planned).rejects.toThrow(new Error(message));
  });
});

describe("listingApiConfigSchema", () => {
  test.each([
    [{ adminRoleArns: [ADMIN], unknown: 1 }, "unknown"],
    [{ adminRoleArns: [] }, "adminRoleArns"],
    [{ adminRoleArns: ["admin"] }, "adminRoleArns.0"],
    [{ adminRoleArns: [ADMIN], timeout: 31 }, "timeout"],
    [{ adminRoleArns: [ADMIN], alarms: { api4xxRatePercent: 150 } }, "alarms.api4xxRatePercent"],
  ])("%j is rejected at %s", (value, path) => {
    const result = listingApiConfigSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(
      result.error!.issues.map((issue) => issue.path.join(".") || (issue as any).keys?.join(".")),
    ).toEqual([path]);
  });
});
