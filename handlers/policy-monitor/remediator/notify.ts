import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import { postToSlack, type SlackPostOptions } from "../shared/slack-client";

export type OutcomeNotifier = (outcome: RemediationOutcome) => Promise<void>;

export function outcomeSubject(outcome: RemediationOutcome): string {
  const { violation } = outcome;
  return `[opsguard] Remediation ${outcome.status}: ${violation.ruleId} (${violation.severity})`.slice(
    0,
    99,
  );
}

export function outcomeText(outcome: RemediationOutcome): string {
  const { violation } = outcome;
  const target = violation.target;
  return [
    `Remediation ${outcome.status}${outcome.dryRun ? " (dry run)" : ""}`,
    "",
    `Violation: ${violation.title} [${violation.ruleId}, ${violation.severity}]`,
    `Violation id: ${violation.violationId}`,
    `Action: ${outcome.action ?? "none"}`,
    `Target: ${target.policyArn ?? target.policyName ?? "-"}${
      target.principalName ? ` on ${target.principalType} ${target.principalName}` : ""
    }`,
    `Account: ${violation.accountId}  Region: ${violation.awsRegion}`,
    `Result: ${outcome.reason}`,
    ...(outcome.changes.length > 0 ? ["Changes:", ...outcome.changes.map((c) => `  - ${c}`)] : []),
  ].join("\n");
}

/** Sends the outcome to the email topic. */
export function snsOutcomeNotifier(sns: SNSClient, topicArn: string): OutcomeNotifier {
  return async (outcome) => {
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: outcomeSubject(outcome),
        Message: outcomeText(outcome),
      }),
    );
  };
}

/** Sends the outcome to Slack (a short Block Kit message). */
export function slackOutcomeNotifier(
  webhookUrl: () => Promise<string>,
  options: SlackPostOptions = {},
): OutcomeNotifier {
  return async (outcome) => {
    const text = outcomeText(outcome);
    await postToSlack(
      await webhookUrl(),
      {
        text: outcomeSubject(outcome),
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "```" + text + "```" } }],
      },
      options,
    );
  };
}
