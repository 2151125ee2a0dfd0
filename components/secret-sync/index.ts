import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_SCHEDULE,
  DEFAULT_SSLMODE,
  SECRET_SYNC_ENV as ENV,
  SECRET_SYNC_METRIC_NAMESPACE,
  SECRET_SYNC_METRICS,
  SECRET_SYNC_SERVICE_NAME,
} from "../../contracts/secret-sync";
import { alarmOnFailures } from "../core/failure-alarms";
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
  /** The ARN of the sync function. */
  public readonly functionArn: pulumi.Output<string>;
  /** The dead-letter queue of sync runs that failed after every retry. */
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The topic the sync's failure alarms notify. */
  public readonly alarmTopicArn: pulumi.Output<string>;

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

    const syncFunction = new LambdaFunction(
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
        { rule: rule.name, arn: syncFunction.arn, deadLetterConfig: { arn: deadLetterQueue.arn } },
        { parent: this },
      );
      new aws.lambda.Permission(
        `${name}-${trigger}-permission`,
        {
          action: "lambda:InvokeFunction",
          function: syncFunction.functionName,
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

    this.alarmTopicArn = alarmOnFailures(
      name,
      args,
      {
        functions: { sync: syncFunction.functionName },
        deadLetterQueues: { dlq: deadLetterQueue.name },
        failureMetrics: {
          sync: {
            namespace: SECRET_SYNC_METRIC_NAMESPACE,
            metricName: SECRET_SYNC_METRICS.syncFailed,
            dimensions: {
              service: SECRET_SYNC_SERVICE_NAME,
              FunctionName: syncFunction.functionName,
            },
            description: `A secret pair of ${name} could not be synced: the app's DATABASE_URL is stale and breaks at the next rotation`,
          },
        },
      },
      { parent: this },
    );

    this.functionArn = syncFunction.arn;
    this.registerOutputs({
      functionArn: this.functionArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      alarmTopicArn: this.alarmTopicArn,
    });
  }
}
