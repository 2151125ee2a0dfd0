import { runProgram } from "../../tools/mock-runtime/run-program";
import { evaluatePolicies, type Violation } from "../../tools/mock-runtime/evaluate-policies";
import { policies } from "../../policy-pack/policies";

let violations: Violation[];

beforeAll(async () => {
  const { resources } = await runProgram({ program: () => import("./index") });
  violations = await evaluatePolicies(resources);
});

const found = (policy: string) =>
  violations
    .filter((v) => v.policy === policy)
    .map((v) => `${v.urn.slice(v.urn.lastIndexOf("::") + 2)}: ${v.message}`);

describe("the insecure sample program", () => {
  test("breaks every policy of the pack at least once", () => {
    const silent = policies.map((p) => p.name).filter((name) => found(name).length === 0);
    expect(silent).toEqual([]);
  });

  test.each([
    [
      "enable-s3-bucket-versioning",
      [
        'public-data-versioning: bucket "public-data": versioningConfiguration.status of "public-data-versioning" is "Suspended", not "Enabled"',
      ],
    ],
    [
      "enable-s3-bucket-encryption",
      [
        'public-data-encryption: bucket "public-data" is tagged opsguard:sensitive=true but its sseAlgorithm is "AES256", not aws:kms',
      ],
    ],
    [
      "enable-s3-public-access-block",
      [
        'public-data-public-access: bucket "public-data": "public-data-public-access" does not set blockPublicAcls, blockPublicPolicy to true',
      ],
    ],
    [
      "enforce-s3-bucket-tls",
      [
        'public-data: bucket "public-data": no statement of its BucketPolicy denies aws:SecureTransport "false"',
      ],
    ],
    [
      "disallow-s3-public-access",
      [
        'public-data-acl: acl is "public-read"',
        'public-data-policy: policy statement 1 allows ["s3:GetObject"] to Principal "*" without a narrowing condition',
      ],
    ],
    [
      "enable-sns-topic-encryption",
      ["alerts: kmsMasterKeyId is not set: the topic is not encrypted"],
    ],
    [
      "enable-sqs-queue-encryption",
      [
        "jobs: sqsManagedSseEnabled is false and kmsMasterKeyId is not set: the queue is not encrypted",
      ],
    ],
    [
      "configure-secretsmanager-customer-key",
      ["db-password: kmsKeyId is not set: the secret uses the AWS managed key"],
    ],
    ["enable-kms-key-rotation", ["data-key: enableKeyRotation is false"]],
    [
      "configure-log-group-retention",
      ["app-logs: retentionInDays is not set: events are kept forever"],
    ],
    [
      "enable-log-group-kms-encryption",
      ["app-logs: kmsKeyId is not set: the log group uses CloudWatch Logs' own key"],
    ],
    [
      "enable-apigatewayv2-access-logging",
      ["api-stage: accessLogSettings is not set: the stage writes no access logs"],
    ],
    ["disallow-iam-wildcard-actions", ['app-policy: policy statement 1 allows "s3:*"']],
    [
      "disallow-iam-not-action-not-resource",
      ['app-policy: policy statement 3 allows NotAction ["iam:*"]'],
    ],
    [
      "disallow-iam-passrole-wildcard",
      ['app-policy: policy statement 4 allows iam:PassRole (as "iam:PassRole") on "*"'],
    ],
    [
      "disallow-iam-admin-policy-attachments",
      [
        'app-role: managedPolicyArns attaches "arn:aws:iam::aws:policy/PowerUserAccess"',
        'app-admin: policyArn attaches "arn:aws:iam::aws:policy/AdministratorAccess"',
      ],
    ],
    [
      "disallow-iam-open-trust-policies",
      ['app-role: assumeRolePolicy statement 1 lets Principal "*" assume the role'],
    ],
    [
      "enforce-lambda-permission-source",
      [
        'worker-from-events: principal "events.amazonaws.com" has neither sourceArn nor sourceAccount',
      ],
    ],
    [
      "disallow-lambda-deprecated-runtime",
      ['worker: runtime "nodejs18.x" is deprecated or not supported'],
    ],
    [
      "disallow-lambda-plaintext-secrets",
      [
        "worker: environment.variables.DB_PASSWORD holds a literal value (7 characters), not a reference",
      ],
    ],
    [
      "configure-lambda-async-failure-destination",
      [
        'worker: function "worker" is invoked asynchronously by "nightly-worker" but has no deadLetterConfig and no on-failure destination',
      ],
    ],
    [
      "configure-lambda-log-retention",
      [
        'worker: function "worker" logs to "/aws/lambda/worker-87eba76", which is not a log group of the stack',
      ],
    ],
    [
      "enforce-apigatewayv2-route-authorization",
      ['api-open: authorizationType of route "GET /items" is not set (NONE)'],
    ],
    [
      "configure-apigatewayv2-throttling",
      [
        "api-stage: defaultRouteSettings.throttlingBurstLimit is not set",
        "api-stage: defaultRouteSettings.throttlingRateLimit is not set",
      ],
    ],
    [
      "enable-rds-storage-encryption",
      [
        "orders-db: storageEncrypted is not set (default false): the database is not encrypted at rest",
      ],
    ],
    [
      "disallow-rds-public-access",
      ["orders-db: publiclyAccessible is true: the endpoint resolves to a public IP address"],
    ],
    [
      "configure-rds-backup-retention",
      ["orders-db: backupRetentionPeriod is 0: automated backups are off"],
    ],
    [
      "enable-rds-deletion-protection",
      ["orders-db: deletionProtection is not set (default false)"],
    ],
    [
      "enable-rds-iam-authentication",
      ["orders-db: iamDatabaseAuthenticationEnabled is not set: only passwords authenticate"],
    ],
    [
      "enable-rds-minor-version-upgrade",
      [
        "orders-db: autoMinorVersionUpgrade is false: minor versions with security fixes are not applied",
      ],
    ],
    [
      "enable-ebs-encryption",
      [
        "scratch: encrypted is false: the volume is not encrypted",
        "bastion: rootBlockDevice.encrypted is false: the volume is not encrypted",
      ],
    ],
    [
      "enforce-ec2-imdsv2",
      ['bastion: metadataOptions.httpTokens is "optional": IMDSv1 is accepted'],
    ],
    [
      "disallow-ec2-public-ip",
      ["bastion: associatePublicIpAddress is true: the instance gets a public IP address"],
    ],
    [
      "disallow-ec2-open-admin-ports",
      ["ssh-anywhere: ingress[0] opens port 22 (SSH) to 0.0.0.0/0"],
    ],
    [
      "enable-dynamodb-point-in-time-recovery",
      ["sessions: pointInTimeRecovery is not set: point-in-time recovery is off"],
    ],
    [
      "configure-dynamodb-customer-key",
      ["sessions: serverSideEncryption is not enabled: the table uses an AWS owned key"],
    ],
    [
      "enable-dynamodb-deletion-protection",
      ["sessions: deletionProtectionEnabled is not set (default false)"],
    ],
    [
      "enable-efs-encryption",
      ["shared-files: encrypted is not set (default false): the file system is not encrypted"],
    ],
    [
      "enforce-ecr-immutable-tags",
      ["images: imageTagMutability is not set (default MUTABLE): a pushed tag can be moved"],
    ],
    [
      "enable-ecr-scan-on-push",
      ["images: imageScanningConfiguration is not set: images are not scanned on push"],
    ],
    [
      "enable-ecr-kms-encryption",
      ["images: encryptionConfigurations is not set: images are encrypted with AES256, not KMS"],
    ],
    [
      "enable-cloudtrail-log-file-validation",
      [
        "audit: enableLogFileValidation is not set (default false): tampering with log files goes unnoticed",
      ],
    ],
    [
      "enable-cloudtrail-kms-encryption",
      ["audit: kmsKeyId is not set: log files are encrypted with SSE-S3 only"],
    ],
    [
      "enable-cloudtrail-multi-region",
      [
        "audit: isMultiRegionTrail is not set (default false): only the trail's home region is logged",
      ],
    ],
    [
      "enable-redshift-encryption",
      ["warehouse: encrypted is false: the cluster is not encrypted at rest"],
    ],
    [
      "disallow-redshift-public-access",
      ["warehouse: publiclyAccessible is true: the endpoint resolves to a public IP address"],
    ],
    [
      "enable-opensearch-encryption-at-rest",
      ["search: encryptAtRest is not set: the domain's data is not encrypted at rest"],
    ],
    [
      "enable-opensearch-node-to-node-encryption",
      ["search: nodeToNodeEncryption is not set: traffic between the nodes is not encrypted"],
    ],
    [
      "enforce-opensearch-https",
      [
        "search: domainEndpointOptions is not set: the endpoint accepts plain HTTP and TLS 1.0 by default",
      ],
    ],
    [
      "disallow-opensearch-public-domain",
      ["search: vpcOptions is not set: the domain has a public endpoint"],
    ],
    [
      "enable-elasticache-encryption-at-rest",
      [
        "cache: atRestEncryptionEnabled is not set: a Redis replication group is not encrypted at rest by default",
      ],
    ],
    [
      "enable-elasticache-encryption-in-transit",
      ["cache: transitEncryptionEnabled is not set: connections are not encrypted"],
    ],
    [
      "enable-kinesis-stream-encryption",
      ["clicks: encryptionType is not set (NONE): records are not encrypted"],
    ],
    [
      "enforce-lb-https-listeners",
      ['web-http: protocol is "HTTP" on port 80 and the default action is not a redirect to HTTPS'],
    ],
    [
      "enable-lb-access-logs",
      ["web: accessLogs is not set: the load balancer writes no access logs"],
    ],
    [
      "enable-lb-drop-invalid-headers",
      ["web: dropInvalidHeaderFields is not set (false): malformed headers reach the targets"],
    ],
    ["enable-lb-deletion-protection", ["web: enableDeletionProtection is not set (false)"]],
    [
      "enforce-cloudfront-https",
      [
        'cdn: defaultCacheBehavior.viewerProtocolPolicy is "allow-all": viewers can use plain HTTP',
        "cdn: viewerCertificate uses the default CloudFront certificate, whose security policy accepts TLS 1.0",
        'cdn: origins[0] ("site"): originProtocolPolicy is "http-only"',
      ],
    ],
    [
      "enforce-lambda-function-url-auth",
      ['hook-url: authorizationType is "NONE": anyone can invoke the function through its URL'],
    ],
    [
      "disallow-iam-public-resource-policies",
      [
        'inbox-open: policy statement 1 allows ["sqs:SendMessage"] to Principal "*" without a narrowing condition',
      ],
    ],
  ])("%s", (policy, expected) => {
    expect(found(policy)).toEqual(expected);
  });

  test("disallow-iam-wildcard-resources names each write action granted on *", () => {
    expect(found("disallow-iam-wildcard-resources")).toEqual([
      expect.stringMatching(
        /^app-policy: policy statement 1 allows "s3:\*" on "\*": it grants \d+ write or permissions-management actions that support narrower resources \(s3:\w+, s3:\w+, s3:\w+, s3:\w+, s3:\w+ and \d+ more\)$/,
      ),
      'app-policy: policy statement 2 allows "dynamodb:PutItem" on "*": a Write action that supports narrower resources',
      'app-policy: policy statement 4 allows "iam:PassRole" on "*": a Write action that supports narrower resources',
    ]);
  });

  test("the plaintext secret never appears in a finding", () => {
    expect(violations.filter((v) => v.message.includes("hunter2"))).toEqual([]);
  });

  test("levels: 49 mandatory and 12 advisory policies fire", () => {
    const levels = new Map(violations.map((v) => [v.policy, v.enforcementLevel]));
    const count = (level: string) => [...levels.values()].filter((l) => l === level).length;
    expect([count("mandatory"), count("advisory")]).toEqual([49, 12]);
  });
});
