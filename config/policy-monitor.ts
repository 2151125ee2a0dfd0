import { z } from "zod";
import type { PolicyMonitorArgs } from "../components/policy-monitor/args";
import {
  policyRespondersConfigSchema,
  policyRespondersSettingsFromConfig,
} from "./policy-responders";

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ${service} ARN`);

/**
 * `opsguard:policyMonitor` in `Pulumi.<stack>.yaml`: where the rules and suppressions come from, the
 * optional direct mode and the responders. Shape only: unknown keys are errors; the defaults and the
 * rules across fields are the component's (`validatePolicyMonitorArgs`).
 */
export const policyMonitorConfigSchema = z.strictObject({
  /**
   * A rules file: relative to the Pulumi project's directory (the folder of `Pulumi.yaml`), or
   * absolute. Defaults to the shipped `rules/rules.yaml`.
   */
  rulesPath: z.string().min(1).optional(),
  /** A suppressions file, by the same rule. Defaults to the shipped `rules/suppress.yaml`. */
  suppressPath: z.string().min(1).optional(),
  /** Send violations straight to SNS/SQS instead of the violation bus. */
  directDelivery: z
    .strictObject({
      topicArn: arn("sns").optional(),
      queueArn: arn("sqs").optional(),
      queueUrl: z.url().optional(),
    })
    .optional(),
  detectorMemorySize: z.number().int().min(128).max(10240).optional(),
  /** Minutes an identical change is not published again (range: `PolicyMonitorArgs`). */
  dedupWindowMinutes: z.number().int().optional(),
  logRetentionDays: z.number().int().positive().optional(),
  /** CloudWatch namespace of the detector's and responders' metrics (see `PolicyMonitorArgs`). */
  metricsNamespace: z
    .string()
    .regex(/^[A-Za-z0-9_./#:-]{1,255}$/)
    .optional(),
  /** The responders on the violation bus: email, Slack, audit log, remediator. */
  responders: policyRespondersConfigSchema.optional(),
});

export type PolicyMonitorConfig = z.infer<typeof policyMonitorConfigSchema>;

export function policyMonitorArgsFromConfig(config: PolicyMonitorConfig): PolicyMonitorArgs {
  return {
    rulesPath: config.rulesPath,
    suppressPath: config.suppressPath,
    directDelivery: config.directDelivery,
    detectorMemorySize: config.detectorMemorySize,
    dedupWindowMinutes: config.dedupWindowMinutes,
    logRetentionDays: config.logRetentionDays,
    metricsNamespace: config.metricsNamespace,
    responders: config.responders && policyRespondersSettingsFromConfig(config.responders),
  };
}
