import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_SCHEDULE,
  DEFAULT_SSLMODE,
  SECRET_SYNC_ENV as ENV,
} from "../../contracts/secret-sync";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { validateSecretSyncArgs, type SecretSyncArgs } from "./args";
import { secretSyncStatements } from "./statements";

export {
  SecretSyncArgsError,
  validateSecretSyncArgs,
  type SecretSyncArgs,
  type SecretSyncPair,
} from "./args";

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
    validateSecretSyncArgs(name, args);
    super("opsguard:index:SecretSync", name, {}, opts);
    const rdsArns = args.pairs.map((pair) => pair.rdsSecretArn);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const statements = secretSyncStatements(args, region);

    const environment: Record<string, pulumi.Input<string>> = {
      [ENV.secretPairs]: pulumi.jsonStringify(
        args.pairs.map(({ rdsSecretArn, customSecretArn, dbName, dbHost, dbPort, dbUsername }) => ({
          rdsSecretArn,
          customSecretArn,
          dbName,
          dbHost,
          dbPort,
          dbUsername,
        })),
      ),
      [ENV.sslmode]: args.sslmode ?? DEFAULT_SSLMODE,
    };
    if (args.appRunnerServiceArn) environment[ENV.appRunnerServiceArn] = args.appRunnerServiceArn;
    if (args.ecsService) {
      environment[ENV.ecsCluster] = args.ecsService.clusterArn;
      environment[ENV.ecsService] = args.ecsService.serviceName;
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
      schedule: { scheduleExpression: args.schedule ?? DEFAULT_SCHEDULE },
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
