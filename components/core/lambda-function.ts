import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { handlerArchive } from "./build/handler-archive";
import { policyDocument, type PolicyStatement } from "./policy";

/** Lambda runtimes that opsguard deploys to: Node.js 22 and newer (20.x is deprecated). */
export type NodeRuntime = "nodejs22.x" | "nodejs24.x";

export interface LambdaFunctionArgs {
  /** The handler's entry file, relative to the repository root, e.g. `handlers/code-watcher/index.ts`. */
  readonly entry: string;
  /** The statements of the execution role's inline policy: exactly what the handler calls. */
  readonly policyStatements: pulumi.Input<PolicyStatement>[];
  /** Environment variables of the function. Defaults to none. */
  readonly environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** A description of the function. Defaults to none. */
  readonly description?: pulumi.Input<string>;
  /** Timeout in seconds. Defaults to 60. */
  readonly timeout?: pulumi.Input<number>;
  /** Memory in MB. Defaults to 256. */
  readonly memorySize?: pulumi.Input<number>;
  /** Reserved concurrent executions. Defaults to none (the account's unreserved pool). */
  readonly reservedConcurrency?: pulumi.Input<number>;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: pulumi.Input<number>;
  /** A KMS key ARN that encrypts the log group. Defaults to CloudWatch Logs' own encryption. */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /**
   * An SQS queue ARN that receives asynchronous invocations that failed every retry (the function's
   * dead-letter queue). The role is granted `sqs:SendMessage` on it. Defaults to none.
   */
  readonly deadLetterQueueArn?: pulumi.Input<string>;
  /**
   * An SQS queue or SNS topic ARN for the on-failure destination of asynchronous invocations
   * (carries the request and the error, unlike a DLQ). Defaults to none.
   */
  readonly onFailureDestinationArn?: pulumi.Input<string>;
  /** Retries of a failed asynchronous invocation, 0 to 2. Defaults to 2 (Lambda's default). */
  readonly maximumRetryAttempts?: pulumi.Input<number>;
  /** The Node.js runtime. Defaults to `nodejs24.x`. */
  readonly runtime?: NodeRuntime;
  /** The CPU architecture. Defaults to `arm64`. */
  readonly architecture?: "arm64" | "x86_64";
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Lambda function built from a handler's entry file: bundled with esbuild into a deterministic zip,
 * its own log group with retention, and an execution role whose inline policy is exactly the
 * statements passed in, plus writing to that log group (and sending to its DLQ or destination).
 */
export class LambdaFunction extends pulumi.ComponentResource {
  public readonly function: aws.lambda.Function;
  public readonly role: aws.iam.Role;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly arn: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  /** Base64 SHA-256 of the deployment package. */
  public readonly codeSha256: string;

  constructor(name: string, args: LambdaFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:LambdaFunction", name, {}, opts);
    const archive = handlerArchive(args.entry);
    this.codeSha256 = archive.sha256;

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/aws/lambda/opsguard/${pulumi.getStack()}/${name}`,
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: args.logKmsKeyArn,
        tags: args.tags,
      },
      { parent: this },
    );

    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        tags: args.tags,
      },
      { parent: this },
    );

    const statements: pulumi.Input<PolicyStatement>[] = [
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: pulumi.interpolate`${this.logGroup.arn}:*`,
      },
      ...args.policyStatements,
    ];
    if (args.deadLetterQueueArn) {
      statements.push({
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: args.deadLetterQueueArn,
      });
    }
    if (args.onFailureDestinationArn) {
      statements.push(
        pulumi.output(args.onFailureDestinationArn).apply((arn) => ({
          Sid: "SendToOnFailureDestination",
          Effect: "Allow" as const,
          Action: arn.startsWith("arn:aws:sns:") ? ["sns:Publish"] : ["sqs:SendMessage"],
          Resource: arn,
        })),
      );
    }
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: this.role.id, policy: policyDocument(statements) },
      { parent: this },
    );

    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        description: args.description,
        role: this.role.arn,
        runtime: args.runtime ?? "nodejs24.x",
        architectures: [args.architecture ?? "arm64"],
        handler: "index.handler",
        code: new pulumi.asset.FileArchive(archive.path),
        sourceCodeHash: archive.sha256,
        timeout: args.timeout ?? 60,
        memorySize: args.memorySize ?? 256,
        reservedConcurrentExecutions: args.reservedConcurrency,
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        environment: {
          variables: pulumi.output(args.environment ?? {}).apply((variables) => ({
            NODE_OPTIONS: "--enable-source-maps",
            ...variables,
          })),
        },
        deadLetterConfig: args.deadLetterQueueArn
          ? { targetArn: args.deadLetterQueueArn }
          : undefined,
        tags: args.tags,
      },
      // The role's policy must exist before the function runs, or its first invocations fail.
      { parent: this, dependsOn: [rolePolicy] },
    );

    if (args.onFailureDestinationArn || args.maximumRetryAttempts !== undefined) {
      new aws.lambda.FunctionEventInvokeConfig(
        `${name}-async`,
        {
          functionName: this.function.name,
          maximumRetryAttempts: args.maximumRetryAttempts ?? 2,
          destinationConfig: args.onFailureDestinationArn
            ? { onFailure: { destination: args.onFailureDestinationArn } }
            : undefined,
        },
        { parent: this },
      );
    }

    this.arn = this.function.arn;
    this.functionName = this.function.name;
    this.roleArn = this.role.arn;
    this.registerOutputs({ arn: this.arn, functionName: this.functionName, roleArn: this.roleArn });
  }
}
