import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import type { PolicyStatement } from "../core/policy";

/** One RDS-managed secret (`rds!db-…`) and the custom secret that holds the app's DATABASE_URL. */
export interface SecretSyncPair {
  readonly rdsSecretArn: pulumi.Input<string>;
  readonly customSecretArn: pulumi.Input<string>;
  /** The customer managed key of the RDS secret (`kms:Decrypt`). Defaults to aws/secretsmanager. */
  readonly rdsSecretKmsKeyArn?: pulumi.Input<string>;
  /**
   * The customer managed key of the custom secret (`kms:Decrypt` and `kms:GenerateDataKey`, which
   * PutSecretValue needs). Defaults to aws/secretsmanager.
   */
  readonly customSecretKmsKeyArn?: pulumi.Input<string>;
  /** The database when the existing DATABASE_URL has none. Defaults to none. */
  readonly dbName?: pulumi.Input<string>;
  /** The host when the existing DATABASE_URL has none. Defaults to none. */
  readonly dbHost?: pulumi.Input<string>;
  /** The port when the existing DATABASE_URL has none. Defaults to none (libpq's 5432). */
  readonly dbPort?: pulumi.Input<number>;
  /** The user when neither the RDS secret nor the DATABASE_URL has one. Defaults to none. */
  readonly dbUsername?: pulumi.Input<string>;
}

export interface SecretSyncArgs {
  readonly pairs: SecretSyncPair[];
  /** When the sync runs besides on rotation: `rate(…)` or `cron(…)`. Defaults to `rate(12 hours)`. */
  readonly schedule?: string;
  /** The `sslmode` of the rebuilt URLs. Defaults to `require`. */
  readonly sslmode?: pulumi.Input<string>;
  /** An App Runner service to redeploy after a change (it reads secrets only when it deploys). Defaults to none. */
  readonly appRunnerServiceArn?: pulumi.Input<string>;
  /** An ECS service to force a new deployment of after a change. Defaults to none. */
  readonly ecsService?: {
    readonly clusterArn: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
  };
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The CloudTrail record that Secrets Manager writes when a rotation finishes is a service event (not
 * an API call), so EventBridge delivers it as `AWS Service Event via CloudTrail`, with the secret's
 * ARN in `additionalEventData.SecretId`.
 */
export function rotationEventPattern(rdsSecretArns: string[]): Record<string, unknown> {
  return {
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: {
      eventSource: ["secretsmanager.amazonaws.com"],
      eventName: ["RotationSucceeded"],
      additionalEventData: { SecretId: rdsSecretArns },
    },
  };
}

/**
 * Keeps each app secret's DATABASE_URL in step with its RDS-rotated password: a Lambda that runs on
 * a schedule and as soon as a rotation succeeds, then redeploys the app when a secret changed. Events
 * that EventBridge cannot deliver and invocations that fail every retry land in an encrypted
 * dead-letter queue.
 */
export class SecretSync extends pulumi.ComponentResource {
  public readonly function: LambdaFunction;
  public readonly functionArn: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;

  constructor(name: string, args: SecretSyncArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:SecretSync", name, {}, opts);
    if (args.pairs.length === 0) throw new Error(`SecretSync ${name}: pairs must not be empty`);
    const rdsArns = args.pairs.map((pair) => pair.rdsSecretArn);
    const customArns = args.pairs.map((pair) => pair.customSecretArn);
    const redeploys = Boolean(args.appRunnerServiceArn || args.ecsService);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const viaSecretsManager = {
      StringEquals: {
        "kms:ViaService": pulumi.interpolate`secretsmanager.${region}.amazonaws.com`,
      },
    };

    const statements: pulumi.Input<PolicyStatement>[] = [
      {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [...rdsArns, ...customArns],
      },
      {
        Sid: "WriteCustomSecrets",
        Effect: "Allow",
        // UpdateSecretVersionStage clears the redeploy-pending label once the app has redeployed.
        Action: redeploys
          ? ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
          : ["secretsmanager:PutSecretValue"],
        Resource: customArns,
      },
    ];
    const decryptKeys = args.pairs.flatMap((pair) =>
      [pair.rdsSecretKmsKeyArn, pair.customSecretKmsKeyArn].filter((key) => key !== undefined),
    );
    if (decryptKeys.length > 0) {
      statements.push({
        Sid: "DecryptSecrets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: decryptKeys,
        Condition: viaSecretsManager,
      });
    }
    const encryptKeys = args.pairs.flatMap((pair) =>
      pair.customSecretKmsKeyArn === undefined ? [] : [pair.customSecretKmsKeyArn],
    );
    if (encryptKeys.length > 0) {
      statements.push({
        Sid: "EncryptCustomSecrets",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: encryptKeys,
        Condition: viaSecretsManager,
      });
    }
    if (args.appRunnerServiceArn) {
      statements.push({
        Sid: "RedeployAppRunner",
        Effect: "Allow",
        Action: ["apprunner:StartDeployment"],
        Resource: args.appRunnerServiceArn,
      });
    }
    if (args.ecsService) {
      const { clusterArn, serviceName } = args.ecsService;
      statements.push({
        Sid: "RedeployEcsService",
        Effect: "Allow",
        Action: ["ecs:UpdateService"],
        Resource: pulumi
          .all([clusterArn, serviceName])
          .apply(([cluster, service]) => `${cluster.replace(":cluster/", ":service/")}/${service}`),
      });
    }

    const environment: Record<string, pulumi.Input<string>> = {
      SECRET_PAIRS: pulumi.jsonStringify(
        args.pairs.map(({ rdsSecretArn, customSecretArn, dbName, dbHost, dbPort, dbUsername }) => ({
          rdsSecretArn,
          customSecretArn,
          dbName,
          dbHost,
          dbPort,
          dbUsername,
        })),
      ),
      PG_SSLMODE: args.sslmode ?? "require",
    };
    if (args.appRunnerServiceArn) environment.APP_RUNNER_SERVICE_ARN = args.appRunnerServiceArn;
    if (args.ecsService) {
      environment.ECS_CLUSTER = args.ecsService.clusterArn;
      environment.ECS_SERVICE = args.ecsService.serviceName;
    }

    const deadLetterQueue = createDeadLetterQueue(name, args.tags, { parent: this });
    this.deadLetterQueueArn = deadLetterQueue.arn;

    this.function = new LambdaFunction(
      `${name}-handler`,
      {
        entry: "handlers/secret-sync/index.ts",
        description: "Keeps DATABASE_URL secrets in step with RDS-rotated passwords",
        policyStatements: statements,
        environment,
        deadLetterQueueArn: deadLetterQueue.arn,
        tags: args.tags,
      },
      { parent: this },
    );

    const triggers = {
      schedule: { scheduleExpression: args.schedule ?? "rate(12 hours)" },
      rotation: {
        eventPattern: pulumi
          .output(rdsArns)
          .apply((arns) => JSON.stringify(rotationEventPattern(arns))),
      },
    };
    const rules = Object.entries(triggers).map(([trigger, ruleArgs]) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${trigger}`,
        { ...ruleArgs, tags: args.tags },
        { parent: this },
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${trigger}-target`,
        { rule: rule.name, arn: this.function.arn, deadLetterConfig: { arn: deadLetterQueue.arn } },
        { parent: this },
      );
      new aws.lambda.Permission(
        `${name}-${trigger}-permission`,
        {
          action: "lambda:InvokeFunction",
          function: this.function.functionName,
          principal: "events.amazonaws.com",
          sourceArn: rule.arn,
        },
        { parent: this },
      );
      return rule;
    });
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      deadLetterQueue,
      rules.map((rule) => rule.arn),
      "EventBridgeDeadLetters",
      { parent: this },
    );

    this.functionArn = this.function.arn;
    this.registerOutputs({
      functionArn: this.functionArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
