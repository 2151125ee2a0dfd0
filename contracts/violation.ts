import { z } from "zod";

/**
 * The violation event that the policy detector publishes on the violation bus, version 2.
 * EventBridge envelope: `source` = VIOLATION_SOURCE, `detail-type` = VIOLATION_DETAIL_TYPE,
 * `detail` = a `Violation`. Consumers match on `detail.schemaVersion` major
 * (`VIOLATION_SCHEMA_MAJOR`). Adding an optional field keeps the major version; renaming or
 * removing one raises it.
 *
 * Version 2 holds one violation per CloudTrail event and target: every rule that matched is in
 * `rules`, the violation takes the highest severity, and it suggests one remediation. Version 1
 * had one violation per rule (`ruleId`, `description`, `findings` at the top level).
 */
export const VIOLATION_SOURCE = "opsguard.policy-monitor";
export const VIOLATION_DETAIL_TYPE = "IAM Policy Violation";
export const VIOLATION_SCHEMA_VERSION = "2.0";
/** The prefix consumers' EventBridge rules match `detail.schemaVersion` on. */
export const VIOLATION_SCHEMA_MAJOR = "2.";

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/**
 * What the remediator can do to a policy. An object rather than a list, so that the component
 * schema can name each value (`RemediationAction.DetachPolicy`) in every Pulumi language.
 */
export const RemediationAction = {
  DetachPolicy: "detach_policy",
  DeletePolicy: "delete_policy",
  DeleteInlinePolicy: "delete_inline_policy",
  QuarantinePolicy: "quarantine_policy",
  RestorePreviousDefaultVersion: "restore_previous_default_version",
} as const;
export type RemediationAction = (typeof RemediationAction)[keyof typeof RemediationAction];
export const REMEDIATION_ACTIONS = Object.values(RemediationAction) as [
  RemediationAction,
  ...RemediationAction[],
];
export const remediationActionSchema = z.enum(REMEDIATION_ACTIONS);

export const actorSchema = z.strictObject({
  /** CloudTrail `userIdentity.type`: IAMUser, AssumedRole, Root, AWSService, … */
  type: z.string(),
  arn: z.string().optional(),
  principalId: z.string().optional(),
  accountId: z.string().optional(),
  userName: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/** What the violation is about: a managed policy, an inline policy of a principal, or a trust policy. */
export const targetSchema = z.strictObject({
  kind: z.enum(["managed-policy", "inline-policy", "trust-policy"]),
  policyArn: z.string().optional(),
  policyName: z.string().optional(),
  policyVersionId: z.string().optional(),
  /** The principal the policy is attached to or embedded in, when there is one. */
  principalType: z.enum(["user", "role", "group"]).optional(),
  principalName: z.string().optional(),
  principalArn: z.string().optional(),
});
export type ViolationTarget = z.infer<typeof targetSchema>;

/** One statement of the document that triggered the rule, and the actions it granted that matched. */
export const findingSchema = z.strictObject({
  statementIndex: z.number().int().nonnegative(),
  sid: z.string().optional(),
  actions: z.array(z.string()),
  resources: z.array(z.string()),
  statement: z.record(z.string(), z.unknown()),
});
export type Finding = z.infer<typeof findingSchema>;

/** One rule that matched the event's document, with what it found. */
export const ruleMatchSchema = z.strictObject({
  ruleId: z.string().min(1),
  title: z.string().min(1),
  description: z.string(),
  severity: severitySchema,
  findings: z.array(findingSchema).min(1),
});
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const violationSchema = z.strictObject({
  schemaVersion: z.literal(VIOLATION_SCHEMA_VERSION),
  /** Stable for the same event and target: consumers use it to drop duplicates. */
  violationId: z.string().min(1),
  /** The highest severity among `rules`. */
  severity: severitySchema,
  /** The title of the first rule. */
  title: z.string().min(1),
  /** Every rule that matched, highest severity first, then in the rules file's order. */
  rules: z.array(ruleMatchSchema).min(1),
  target: targetSchema,
  actor: actorSchema,
  /** CloudTrail `eventID`, `eventName`, `eventTime`, `awsRegion` and `recipientAccountId`. */
  eventId: z.string().min(1),
  eventName: z.string().min(1),
  eventTime: z.string().min(1),
  awsRegion: z.string().min(1),
  accountId: z.string().min(1),
  /** What the remediator should do, when the target can be fixed automatically. */
  suggestedAction: remediationActionSchema.optional(),
  /** Why that action undoes this change, or why there is none (notify only). */
  suggestionReason: z.string().min(1),
  detectedAt: z.string().min(1),
});
export type Violation = z.infer<typeof violationSchema>;

/** The rule ids of a violation, in its order. */
export const ruleIdsOf = (violation: Pick<Violation, "rules">): string[] =>
  violation.rules.map((rule) => rule.ruleId);
