/** The metric names the responders emit (CloudWatch embedded metric format, via Powertools). */
export const RESPONDER_METRICS = {
  snsAlertsPublished: "SNSAlertsPublished",
  slackNotificationsSent: "SlackNotificationsSent",
  slackNotificationsMuted: "SlackNotificationsMuted",
  auditLogsWritten: "AuditLogsWritten",
  remediationSuccess: "RemediationSuccess",
  remediationFailure: "RemediationFailure",
  remediationSkipped: "RemediationSkipped",
  dryRunExecutions: "DryRunExecutions",
} as const;
export type ResponderMetric = (typeof RESPONDER_METRICS)[keyof typeof RESPONDER_METRICS];

/** The part of Powertools' `Metrics` that the cores use, so tests can record the calls. */
export interface MetricsSink {
  addMetric(name: ResponderMetric, unit: "Count", value: number): void;
}
