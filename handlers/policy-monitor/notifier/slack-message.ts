import type { Violation } from "../../../contracts/violation";
import {
  describeActor,
  describeFindings,
  describeHeadline,
  describeSuggestion,
  describeTarget,
  suppressionHint,
} from "../shared/describe";
import type { SlackRoute } from "./notification-config";

const EMOJI = {
  CRITICAL: ":rotating_light:",
  HIGH: ":red_circle:",
  MEDIUM: ":large_orange_circle:",
  LOW: ":large_blue_circle:",
};

/** Slack limits a section's text to 3000 characters. */
const clip = (text: string, max = 2900) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Rules shown as sections of their own. Slack takes at most 50 blocks a message; the header, the
 * summary, the context and the "more rules" line leave room for these.
 */
export const MAX_RULE_SECTIONS = 40;

/**
 * The Block Kit message of a violation, with the route's channel and mentions: a header with the
 * highest severity and the first rule's title, a summary (every rule id, target, actor, event, the
 * suggested remediation and why), one section per rule (severity, id, title, description and
 * statements), and how to suppress it.
 */
export function violationSlackMessage(violation: Violation, route: SlackRoute) {
  const mentions = route.mentions.join(" ");
  const headline = `${EMOJI[violation.severity]} ${describeHeadline(violation)}`;
  const shown = violation.rules.slice(0, MAX_RULE_SECTIONS);
  const hidden = violation.rules.length - shown.length;
  const ruleIds = violation.rules.map((rule) => `\`${rule.ruleId}\``).join(", ");
  return {
    ...(route.channel ? { channel: route.channel } : {}),
    text: clip(`${headline}${mentions ? ` ${mentions}` : ""}`, 300),
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(headline, 150), emoji: true } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            `${mentions ? `${mentions} ` : ""}${violation.rules.length} ${violation.rules.length === 1 ? "rule" : "rules"} matched: ${ruleIds}`,
          ),
        },
        fields: [
          { type: "mrkdwn", text: `*Target*\n${clip(describeTarget(violation), 1900)}` },
          { type: "mrkdwn", text: `*Who*\n${clip(describeActor(violation), 1900)}` },
          { type: "mrkdwn", text: `*Where*\n${violation.accountId} / ${violation.awsRegion}` },
          { type: "mrkdwn", text: `*Event*\n${violation.eventName} at ${violation.eventTime}` },
          { type: "mrkdwn", text: `*Remediation*\n${clip(describeSuggestion(violation), 1900)}` },
        ],
      },
      ...shown.map((rule) => ({
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            `*${rule.severity}* \`${rule.ruleId}\`: ${rule.title}\n` +
              (rule.description ? `${rule.description}\n` : "") +
              "```" +
              describeFindings(rule).join("\n") +
              "```",
          ),
        },
      })),
      ...(hidden > 0
        ? [
            {
              type: "context",
              elements: [
                {
                  type: "mrkdwn",
                  text: `…and ${hidden} more ${hidden === 1 ? "rule" : "rules"}: the email and the audit log list them all.`,
                },
              ],
            },
          ]
        : []),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: clip(`${suppressionHint(violation)} Violation ${violation.violationId}.`),
          },
        ],
      },
    ],
  };
}
