import { runProgram } from "../../tools/mock-runtime/run-program";
import { Alerts, AlertsArgsError, validateAlertsArgs, type AlertsArgs } from ".";

describe("validateAlertsArgs", () => {
  test.each<[string, AlertsArgs, string | undefined]>([
    ["emails alone", { emails: ["oncall@example.com"] }, undefined],
    ["Slack alone", { slackWorkspaceId: "T01", slackChannelId: "C01" }, undefined],
    [
      "nobody",
      {},
      "Alerts alerts: emails or slackWorkspaceId must be given: alerts must reach someone",
    ],
    [
      "a workspace without a channel",
      { emails: ["a@example.com"], slackWorkspaceId: "T01" },
      "Alerts alerts: slackWorkspaceId and slackChannelId go together",
    ],
  ])("%s", (_case, args, message) => {
    const validate = () => validateAlertsArgs("alerts", args);
    if (message === undefined) expect(validate).not.toThrow();
    else {
      expect(validate).toThrow(AlertsArgsError);
      expect(validate).toThrow(message);
    }
  });
});

describe("Alerts", () => {
  test("an encrypted topic CloudWatch may use, each address subscribed, Slack through Chatbot", async () => {
    const { resources } = await runProgram({
      program: async () => {
        const alerts = new Alerts("alerts", {
          emails: ["oncall@example.com", "platform@example.com"],
          slackWorkspaceId: "T0123ABCD",
          slackChannelId: "C0456EFGH",
        });
        return { topicArn: alerts.topicArn };
      },
      config: { "aws:region": "eu-west-1" },
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration alerts-slack",
      "aws:iam/role:Role alerts-chatbot-role",
      "aws:kms/key:Key alerts-key",
      "aws:sns/topic:Topic alerts-topic",
      "aws:sns/topicSubscription:TopicSubscription alerts-subscription-0",
      "aws:sns/topicSubscription:TopicSubscription alerts-subscription-1",
      "opsguard:index:Alerts alerts",
    ]);
    const topicArn = byName["alerts-topic"].state.arn;
    expect(byName["alerts-topic"].inputs.kmsMasterKeyId).toBe(byName["alerts-key"].state.arn);
    expect(["alerts-subscription-0", "alerts-subscription-1"].map((n) => byName[n].inputs)).toEqual(
      [
        { topic: topicArn, protocol: "email", endpoint: "oncall@example.com" },
        { topic: topicArn, protocol: "email", endpoint: "platform@example.com" },
      ],
    );
    expect(byName["alerts-slack"].inputs).toMatchObject({
      configurationName: "alerts",
      slackTeamId: "T0123ABCD",
      slackChannelId: "C0456EFGH",
      snsTopicArns: [topicArn],
      iamRoleArn: byName["alerts-chatbot-role"].state.arn,
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
    });
    const [inline] = byName["alerts-chatbot-role"].inputs.inlinePolicies as { policy: string }[];
    expect(JSON.parse(inline.policy).Statement).toEqual([
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
    ]);
  });
});
