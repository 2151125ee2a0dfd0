/**
 * The facts the PolicyMonitor components and their Lambda handlers share: metric namespace and
 * names, service names, environment variable names, defaults, config-bucket keys, audit-log layout
 * and the CloudTrail IAM calls the detector judges. Both sides import them from here.
 */

/** CloudWatch namespace of every PolicyMonitor handler's metrics, unless the stack sets another. */
export const DEFAULT_METRICS_NAMESPACE = "IAMPolicyMonitor";

/** Powertools `serviceName` of each handler: its logs' `service` and its metrics' dimension. */
export const POLICY_MONITOR_SERVICES = {
  detector: "policy-detector",
  emailer: "policy-emailer",
  notifier: "policy-notifier",
  auditWriter: "policy-audit-writer",
  remediator: "policy-remediator",
} as const;

/** The metric names the detector emits (embedded metric format, `service` dimension only). */
export const DETECTOR_METRICS = {
  eventProcessed: "EventProcessed",
  violationCount: "ViolationCount",
  eventBridgePublishSuccess: "EventBridgePublishSuccess",
  eventBridgePublishFailure: "EventBridgePublishFailure",
  snsAlertsPublished: "SNSAlertsPublished",
} as const;
export type DetectorMetric = (typeof DETECTOR_METRICS)[keyof typeof DETECTOR_METRICS];

/** The extra dimension of the detector's per-severity `ViolationCount`. */
export const SEVERITY_DIMENSION = "severity";

/** The metric names the responders emit (embedded metric format, `service` dimension only). */
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

/** Every handler reads its metrics namespace from this variable. */
export const METRICS_NAMESPACE_ENV = "METRICS_NAMESPACE";

/** The detector's environment. */
export const DETECTOR_ENV = {
  rulesBucket: "RULES_BUCKET",
  rulesKey: "RULES_KEY",
  suppressKey: "SUPPRESS_KEY",
  eventBridgeBusName: "EVENTBRIDGE_BUS_NAME",
  useEventBridge: "USE_EVENTBRIDGE",
  snsTopicArn: "SNS_TOPIC_ARN",
  sqsQueueUrl: "SQS_QUEUE_URL",
  /** Seconds within which an identical event is dropped; 0 publishes every event. */
  dedupWindowSeconds: "DEDUP_WINDOW_SECONDS",
  metricsNamespace: METRICS_NAMESPACE_ENV,
} as const;

/**
 * How long an identical IAM change (same account, call, target, document and rules, another
 * CloudTrail event) is dropped after the first: default and bounds in minutes. An hour covers
 * deployment tools that re-apply a change and CloudTrail's duplicate deliveries, and still alerts
 * on a change someone makes again later in the day.
 */
export const DEDUP_WINDOW_MINUTES = { default: 60, min: 0, max: 1440 } as const;

/** The config bucket's prefix of the detector's dedup markers (one small object per change). */
export const DEDUP_MARKER_PREFIX = "dedup/";

/** The emailer's environment. */
export const EMAILER_ENV = {
  emailTopicArn: "EMAIL_TOPIC_ARN",
  metricsNamespace: METRICS_NAMESPACE_ENV,
} as const;

/** The audit writer's environment. */
export const AUDIT_WRITER_ENV = {
  auditBucket: "AUDIT_BUCKET",
  metricsNamespace: METRICS_NAMESPACE_ENV,
} as const;

/** The Slack notifier's environment. */
export const NOTIFIER_ENV = {
  /** The SSM parameter's name; its value (the webhook URL) is never in the environment. */
  slackWebhookParameter: "SLACK_WEBHOOK_PARAMETER",
  /** The PolicyMonitor config bucket, which holds the routing file. */
  configBucket: "CONFIG_BUCKET",
  /** The routing file's key in that bucket (`CONFIG_BUCKET_KEYS.notificationConfig`). */
  notificationConfigKey: "NOTIFICATION_CONFIG_KEY",
  slackMaxAttempts: "SLACK_MAX_ATTEMPTS",
  metricsNamespace: METRICS_NAMESPACE_ENV,
} as const;

/** The remediator's environment. */
export const REMEDIATOR_ENV = {
  auditBucket: "AUDIT_BUCKET",
  /** The PolicyMonitor config bucket, which holds the remediator's settings. */
  configBucket: "CONFIG_BUCKET",
  /** The settings' key in that bucket (`CONFIG_BUCKET_KEYS.remediator`). */
  settingsKey: "REMEDIATOR_SETTINGS_KEY",
  notificationTopicArn: "NOTIFICATION_TOPIC_ARN",
  slackWebhookParameter: "SLACK_WEBHOOK_PARAMETER",
  metricsNamespace: METRICS_NAMESPACE_ENV,
} as const;

/**
 * The objects of the PolicyMonitor config bucket: the detector reads the rules and suppressions,
 * the Slack notifier its routing, the remediator its settings (`remediator-schema.ts`).
 */
export const CONFIG_BUCKET_KEYS = {
  rules: "rules.yaml",
  suppress: "suppress.yaml",
  notificationConfig: "notification-config.yaml",
  remediator: "remediator.yaml",
} as const;

/**
 * How long a handler keeps the config objects it read, per container. A warm container then reads
 * S3 at most once a minute rather than on every event (a burst of IAM changes is many events), and
 * an object edited with `aws s3 cp` still applies within a minute, without a deploy.
 */
export const CONFIG_CACHE_TTL_SECONDS = 60;

/** The remediator's defaults: it only reports what it would do, and keeps AWS managed policies. */
export const REMEDIATOR_DEFAULTS = {
  dryRun: true,
  detachAwsManagedPolicies: false,
} as const;

/** Slack attempts per message before the notifier's invocation fails: default and bounds. */
export const SLACK_MAX_ATTEMPTS = { default: 4, min: 1, max: 10 } as const;

/** Prefixes of the audit bucket: the Glue table's records, and the remediator's done markers. */
export const AUDIT_BUCKET_PREFIXES = {
  audit: "audit/",
  state: "state/",
} as const;

/**
 * The columns of the audit log, in the Glue table's order, with their Glue types: the handlers
 * write one flat JSON object with these keys per record (the JSON SerDe maps keys to columns by
 * name, so new columns go at the end). `rule_id` is the violation's first, highest-severity rule;
 * `rule_ids` all of its rules.
 */
export const AUDIT_LOG_COLUMNS = [
  ["record_type", "string"],
  ["recorded_at", "string"],
  ["violation_id", "string"],
  ["rule_id", "string"],
  ["severity", "string"],
  ["title", "string"],
  ["account_id", "string"],
  ["region", "string"],
  ["event_id", "string"],
  ["event_name", "string"],
  ["event_time", "string"],
  ["actor_type", "string"],
  ["actor_arn", "string"],
  ["target_kind", "string"],
  ["policy_arn", "string"],
  ["policy_name", "string"],
  ["principal_type", "string"],
  ["principal_name", "string"],
  ["principal_arn", "string"],
  ["suggested_action", "string"],
  ["action", "string"],
  ["status", "string"],
  ["dry_run", "boolean"],
  ["reason", "string"],
  ["changes", "array<string>"],
  ["rule_ids", "array<string>"],
  ["suggestion_reason", "string"],
] as const;
export type AuditLogColumn = (typeof AUDIT_LOG_COLUMNS)[number][0];

/** The CloudTrail IAM calls the detector judges; the component's EventBridge rule matches these. */
export const DETECTED_EVENT_NAMES = [
  "CreatePolicy",
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
  "PutUserPolicy",
  "PutRolePolicy",
  "PutGroupPolicy",
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "UpdateAssumeRolePolicy",
  "CreateRole",
] as const;
export type DetectedEventName = (typeof DETECTED_EVENT_NAMES)[number];
