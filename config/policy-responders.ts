import { z } from "zod";
import { remediationActionSchema } from "../contracts/violation";
import type { PolicyRespondersArgs } from "../components/policy-monitor/responders/args";

/**
 * Stack config of the PolicyMonitor responders: `opsguard:policyMonitor.responders`.
 * Shape only: unknown keys are errors, every key is optional; the defaults and the rules across
 * fields are the component's (`validatePolicyRespondersArgs`).
 */
export const policyRespondersConfigSchema = z.strictObject({
  /** Who gets the violation emails (each must confirm the SNS subscription). */
  emailAddresses: z.array(z.email()).optional(),
  slack: z
    .strictObject({
      /** An SSM SecureString holding the incoming-webhook URL, e.g. `/opsguard/slack-webhook`. */
      webhookParameterName: z
        .string()
        .regex(/^\/[A-Za-z0-9_.\-/]+$/, "must be an SSM name such as /opsguard/slack"),
      /** A KMS key ARN that encrypts the parameter (see `PolicyRespondersArgs`). */
      webhookKmsKeyArn: z.string().startsWith("arn:").optional(),
      /** The Slack routing file: relative to the Pulumi project's directory, or absolute. */
      notificationConfigPath: z.string().min(1).optional(),
      maxAttempts: z.number().int().optional(),
    })
    .optional(),
  remediation: z
    .strictObject({
      enabled: z.boolean().optional(),
      allowedActions: z.array(remediationActionSchema).optional(),
      dryRun: z.boolean().optional(),
      protectedPrincipals: z.array(z.string().min(1)).optional(),
      detachAwsManagedPolicies: z.boolean().optional(),
      maxReceiveCount: z.number().int().min(1).max(1000).optional(),
    })
    .optional(),
  metricsNamespace: z
    .string()
    .regex(/^[A-Za-z0-9_./#:-]{1,255}$/)
    .optional(),
  auditRetentionDays: z.number().int().min(1).optional(),
  glueDatabaseName: z
    .string()
    .regex(/^[a-z0-9_]{1,255}$/, "lower case, digits and _")
    .optional(),
});
export type PolicyRespondersConfig = z.infer<typeof policyRespondersConfigSchema>;

/**
 * Maps the validated stack config, the detector's violation bus and its config bucket onto the
 * component's args.
 */
export function policyRespondersArgsFromConfig(
  config: PolicyRespondersConfig,
  bus: {
    name: PolicyRespondersArgs["violationBusName"];
    arn: PolicyRespondersArgs["violationBusArn"];
  },
  configBucket: PolicyRespondersArgs["configBucket"],
): PolicyRespondersArgs {
  return {
    violationBusName: bus.name,
    violationBusArn: bus.arn,
    configBucket,
    ...policyRespondersSettingsFromConfig(config),
  };
}

/** The responders' args without what PolicyMonitor wires: what `PolicyMonitorArgs.responders` takes. */
export function policyRespondersSettingsFromConfig(
  config: PolicyRespondersConfig,
): Omit<PolicyRespondersArgs, "violationBusName" | "violationBusArn" | "configBucket"> {
  const remediation = config.remediation;
  return {
    emailAddresses: config.emailAddresses,
    slackWebhookParameterName: config.slack?.webhookParameterName,
    slackWebhookKmsKeyArn: config.slack?.webhookKmsKeyArn,
    notificationConfigPath: config.slack?.notificationConfigPath,
    slackMaxAttempts: config.slack?.maxAttempts,
    remediationEnabled: remediation?.enabled,
    allowedActions: remediation?.allowedActions,
    dryRun: remediation?.dryRun,
    protectedPrincipals: remediation?.protectedPrincipals,
    detachAwsManagedPolicies: remediation?.detachAwsManagedPolicies,
    remediationMaxReceiveCount: remediation?.maxReceiveCount,
    metricsNamespace: config.metricsNamespace,
    auditRetentionDays: config.auditRetentionDays,
    glueDatabaseName: config.glueDatabaseName,
  };
}
