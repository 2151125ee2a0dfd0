import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { describeRules, describeSuggestion, moreRulesSuffix, snsSubject } from "../shared/describe";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import { postToSlack, type SlackPostOptions } from "../shared/slack-client";

export type OutcomeNotifier = (outcome: RemediationOutcome) => Promise<void>;

/** `[opsguard] Remediation SUCCESS: CRITICAL <first rule's title> (+N more rules)`. */
export function outcomeSubject(outcome: RemediationOutcome): string {
  const { violation } = outcome;
  return snsSubject(
    `[opsguard] Remediation ${outcome.status}: ${violation.severity} `,
    violation.title,
    moreRulesSuffix(violation),
  );
}

/** What was done, to what and why, then every rule of the violation with its statements. */
export function outcomeText(outcome: RemediationOutcome): string {
  const { violation } = outcome;
  const target = violation.target;
  return [
    `Remediation ${outcome.status}${outcome.dryRun ? " (dry run)" : ""}`,
    "",
    `Violation: ${violation.severity}: ${violation.title}${moreRulesSuffix(violation)}`,
    `Violation id: ${violation.violationId}`,
    `Suggested: ${describeSuggestion(violation)}`,
    `Action: ${outcome.action ?? "none"}`,
    `Target: ${target.policyArn ?? target.policyName ?? "-"}${
      target.principalName ? ` on ${target.principalType} ${target.principalName}` : ""
    }`,
    `Account: ${violation.accountId}  Region: ${violation.awsRegion}`,
    `Result: ${outcome.reason}`,
    ...(outcome.changes.length > 0 ? ["Changes:", ...outcome.changes.map((c) => `  - ${c}`)] : []),
    "",
    `Rules matched (${violation.rules.length}):`,
    ...describeRules(violation),
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

/** Slack limits a section's text to 3000 characters. */
const SLACK_SECTION_CHARS = 3000;

/** Sends the outcome to Slack: the subject, and the text in a code block cut to Slack's limit. */
export function slackOutcomeNotifier(
  webhookUrl: () => Promise<string>,
  options: SlackPostOptions = {},
): OutcomeNotifier {
  return async (outcome) => {
    const room = SLACK_SECTION_CHARS - "``````".length;
    const full = outcomeText(outcome);
    const text = full.length > room ? `${full.slice(0, room - 1)}…` : full;
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
