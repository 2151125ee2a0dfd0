import * as pulumi from "@pulumi/pulumi";
import { CONFIG_BUCKET_KEYS, DEDUP_MARKER_PREFIX } from "../../contracts/policy-monitor";
import type { PolicyStatement } from "../core/policy";
import type { PolicyMonitorArgs } from "./args";

export interface DetectorStatementsInput {
  /** The config bucket holding the rules and suppressions. */
  readonly configBucketArn: pulumi.Input<string>;
  /** The KMS key of that bucket. */
  readonly configKeyArn: pulumi.Input<string>;
  /** The violation bus, published to unless in direct mode. */
  readonly violationBusArn: pulumi.Input<string>;
  /** Direct mode's topic and queue, when given. */
  readonly directDelivery?: PolicyMonitorArgs["directDelivery"];
  /** This account: the detector reads its customer managed policies and AWS managed ones. */
  readonly account: pulumi.Input<string>;
  /** Whether the detector keeps dedup markers in the config bucket (a window above 0). */
  readonly dedup: boolean;
}

/**
 * The detector's statements, in order: read managed policies, read its config, decrypt it, keep
 * its dedup markers, then publish on the bus, or (direct mode) to the topic and/or the queue.
 */
export function detectorStatements(input: DetectorStatementsInput): PolicyStatement[] {
  const direct = input.directDelivery;
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadManagedPolicies",
      Effect: "Allow",
      Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
      Resource: [
        pulumi.interpolate`arn:aws:iam::${input.account}:policy/*`,
        "arn:aws:iam::aws:policy/*",
      ],
    },
    ...readConfigObjectStatements(
      "ReadRulesAndSuppressions",
      { arn: input.configBucketArn, kmsKeyArn: input.configKeyArn },
      [CONFIG_BUCKET_KEYS.rules, CONFIG_BUCKET_KEYS.suppress],
    ),
  ];
  if (input.dedup) {
    statements.push(
      {
        Sid: "DedupMarkers",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: pulumi.interpolate`${input.configBucketArn}/${DEDUP_MARKER_PREFIX}*`,
      },
      {
        Sid: "EncryptDedupMarkers",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: input.configKeyArn,
      },
    );
  }
  if (!direct) {
    statements.push({
      Sid: "PublishViolations",
      Effect: "Allow",
      Action: ["events:PutEvents"],
      Resource: input.violationBusArn,
    });
  }
  if (direct?.topicArn) {
    statements.push({
      Sid: "PublishDirect",
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: direct.topicArn,
    });
  }
  if (direct?.queueArn) {
    statements.push({
      Sid: "SendDirect",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: direct.queueArn,
    });
  }
  return statements;
}

/**
 * Reading objects of the PolicyMonitor config bucket (`CONFIG_BUCKET_KEYS`) at run time, and the
 * bucket's key that decrypts them: those objects alone, no listing. Each of the detector, the Slack
 * notifier and the remediator reads its own.
 */
export function readConfigObjectStatements(
  sid: string,
  configBucket: { readonly arn: pulumi.Input<string>; readonly kmsKeyArn: pulumi.Input<string> },
  keys: readonly [string, ...string[]],
): PolicyStatement[] {
  const objects = keys.map((key) => pulumi.interpolate`${configBucket.arn}/${key}`);
  return [
    {
      Sid: sid,
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: objects.length === 1 ? objects[0] : objects,
    },
    {
      Sid: "DecryptConfig",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: configBucket.kmsKeyArn,
    },
  ];
}
