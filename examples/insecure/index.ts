/**
 * A deliberately insecure program: each resource breaks at least one opsguard policy, so that the
 * docs can show the pack's findings and `insecure.test.ts` can prove every policy fires. Never deploy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const bucket = new aws.s3.Bucket("public-data", { tags: { "opsguard:sensitive": "true" } });
new aws.s3.BucketVersioning("public-data-versioning", {
  bucket: bucket.id,
  versioningConfiguration: { status: "Suspended" },
});
new aws.s3.BucketServerSideEncryptionConfiguration("public-data-encryption", {
  bucket: bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new aws.s3.BucketPublicAccessBlock("public-data-public-access", {
  bucket: bucket.id,
  blockPublicAcls: false,
  blockPublicPolicy: false,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});
new aws.s3.BucketAcl("public-data-acl", { bucket: bucket.id, acl: "public-read" });
new aws.s3.BucketPolicy("public-data-policy", {
  bucket: bucket.id,
  policy: bucket.arn.apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/*` },
      ],
    }),
  ),
});

new aws.sns.Topic("alerts");
new aws.sqs.Queue("jobs", { sqsManagedSseEnabled: false });
new aws.secretsmanager.Secret("db-password");
new aws.kms.Key("data-key", { enableKeyRotation: false });
new aws.cloudwatch.LogGroup("app-logs");

const role = new aws.iam.Role("app-role", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
  }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
});
new aws.iam.RolePolicy("app-policy", {
  role: role.id,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: "*" },
      { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
    ],
  }),
});
new aws.iam.RolePolicyAttachment("app-admin", {
  role: role.name,
  policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});

const fn = new aws.lambda.Function("worker", {
  role: role.arn,
  runtime: "nodejs18.x",
  handler: "index.handler",
  code: new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};"),
  }),
  environment: {
    variables: {
      DB_PASSWORD: "hunter2",
      API_TOKEN_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
    },
  },
});
new aws.lambda.Permission("worker-from-events", {
  function: fn.name,
  action: "lambda:InvokeFunction",
  principal: "events.amazonaws.com",
});
const rule = new aws.cloudwatch.EventRule("nightly", { scheduleExpression: "rate(1 day)" });
new aws.cloudwatch.EventTarget("nightly-worker", { rule: rule.name, arn: fn.arn });

const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
new aws.apigatewayv2.Route("api-open", { apiId: api.id, routeKey: "GET /items" });
new aws.apigatewayv2.Stage("api-stage", { apiId: api.id, name: "$default", autoDeploy: true });

new aws.rds.Instance("orders-db", {
  engine: "postgres",
  instanceClass: "db.t4g.micro",
  allocatedStorage: 20,
  username: "orders",
  manageMasterUserPassword: true,
  publiclyAccessible: true,
  backupRetentionPeriod: 0,
  autoMinorVersionUpgrade: false,
});
new aws.ebs.Volume("scratch", { availabilityZone: "us-east-1a", size: 50, encrypted: false });
new aws.ec2.Instance("bastion", {
  ami: "ami-0abcdef1234567890",
  instanceType: "t3.micro",
  associatePublicIpAddress: true,
  metadataOptions: { httpTokens: "optional" },
  rootBlockDevice: { encrypted: false },
});
new aws.ec2.SecurityGroup("ssh-anywhere", {
  ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
});
new aws.dynamodb.Table("sessions", {
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
});
new aws.efs.FileSystem("shared-files");
new aws.ecr.Repository("images");
new aws.cloudtrail.Trail("audit", { s3BucketName: "example-trail-logs" });
new aws.redshift.Cluster("warehouse", {
  clusterIdentifier: "warehouse",
  nodeType: "ra3.large",
  masterUsername: "warehouse",
  manageMasterPassword: true,
  encrypted: "false",
  publiclyAccessible: true,
});

new aws.opensearch.Domain("search", { engineVersion: "OpenSearch_2.11" });
new aws.elasticache.ReplicationGroup("cache", {
  description: "session cache",
  engine: "redis",
  nodeType: "cache.t4g.micro",
});
new aws.kinesis.Stream("clicks", { shardCount: 1 });
const web = new aws.lb.LoadBalancer("web", {
  loadBalancerType: "application",
  subnets: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
});
new aws.lb.Listener("web-http", {
  loadBalancerArn: web.arn,
  port: 80,
  protocol: "HTTP",
  defaultActions: [
    { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } },
  ],
});
new aws.cloudfront.Distribution("cdn", {
  enabled: true,
  origins: [
    {
      originId: "site",
      domainName: "site.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "http-only",
        originSslProtocols: ["TLSv1.2"],
      },
    },
  ],
  defaultCacheBehavior: {
    targetOriginId: "site",
    viewerProtocolPolicy: "allow-all",
    allowedMethods: ["GET", "HEAD"],
    cachedMethods: ["GET", "HEAD"],
  },
  restrictions: { geoRestriction: { restrictionType: "none" } },
  viewerCertificate: { cloudfrontDefaultCertificate: true },
});
new aws.lambda.FunctionUrl("hook-url", { functionName: "hook", authorizationType: "NONE" });
new aws.sqs.QueuePolicy("inbox-open", {
  queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/inbox",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }],
  }),
});
