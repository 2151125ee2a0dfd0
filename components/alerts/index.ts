import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlarmTopic } from "../core/alarm-topic";
import { policyDocument } from "../core/policy";
import { validateAlertsArgs, type AlertsArgs } from "./args";

export { AlertsArgsError, validateAlertsArgs, type AlertsArgs } from "./args";

/**
 * Where a stack's failure alarms go: one SNS topic, encrypted with its own key that CloudWatch may
 * use, emailing the on-call addresses and, optionally, posting to a Slack channel through AWS
 * Chatbot. Pass `topicArn` as `alarmTopicArn` to every component, so every failure pages someone.
 */
export class Alerts extends pulumi.ComponentResource {
  /** The topic every component's alarms should notify. */
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateAlertsArgs(name, args);
    super("opsguard:index:Alerts", name, {}, opts);
    const parent = { parent: this };
    const { topic } = createAlarmTopic(
      name,
      { purpose: `the alerts of ${name}`, emailAddresses: args.emails, tags: args.tags },
      parent,
    );
    this.topicArn = topic.arn;

    if (args.slackWorkspaceId && args.slackChannelId) {
      // Chatbot shows the alarm and its graph in the channel: it reads CloudWatch, nothing else.
      const role = new aws.iam.Role(
        `${name}-chatbot-role`,
        {
          assumeRolePolicy: policyDocument([
            {
              Effect: "Allow",
              Principal: { Service: "chatbot.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ]),
          inlinePolicies: [
            {
              name: "read-alarms",
              policy: policyDocument([
                {
                  Sid: "ReadAlarms",
                  Effect: "Allow",
                  Action: [
                    "cloudwatch:DescribeAlarms",
                    "cloudwatch:GetMetricData",
                    "cloudwatch:GetMetricWidgetImage",
                  ],
                  Resource: "*",
                },
              ]),
            },
          ],
          tags: args.tags,
        },
        parent,
      );
      new aws.chatbot.SlackChannelConfiguration(
        `${name}-slack`,
        {
          configurationName: name,
          slackTeamId: args.slackWorkspaceId,
          slackChannelId: args.slackChannelId,
          iamRoleArn: role.arn,
          snsTopicArns: [topic.arn],
          guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
          tags: args.tags,
        },
        parent,
      );
    }
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
