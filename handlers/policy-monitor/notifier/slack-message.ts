import type { Violation } from "../../../contracts/violation";
import {
  describeActor,
  describeFindings,
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

/** The Block Kit message of a violation, with the route's channel and mentions. */
export function violationSlackMessage(violation: Violation, route: SlackRoute) {
  const mentions = route.mentions.join(" ");
  const headline = `${EMOJI[violation.severity]} ${violation.severity}: ${violation.title}`;
  return {
    ...(route.channel ? { channel: route.channel } : {}),
    text: clip(`${headline}${mentions ? ` ${mentions}` : ""}`, 300),
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(headline, 150), emoji: true } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(`${mentions ? `${mentions} ` : ""}${violation.description}`),
        },
        fields: [
          { type: "mrkdwn", text: `*Rule*\n\`${violation.ruleId}\`` },
          { type: "mrkdwn", text: `*Target*\n${clip(describeTarget(violation), 1900)}` },
          { type: "mrkdwn", text: `*Who*\n${clip(describeActor(violation), 1900)}` },
          { type: "mrkdwn", text: `*Where*\n${violation.accountId} / ${violation.awsRegion}` },
          { type: "mrkdwn", text: `*Event*\n${violation.eventName} at ${violation.eventTime}` },
          { type: "mrkdwn", text: `*Remediation*\n${violation.suggestedAction ?? "none"}` },
        ],
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip("```" + describeFindings(violation).join("\n") + "```"),
        },
      },
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
