import { z } from "zod";
import { CONFIG_BUCKET_KEYS, REMEDIATOR_DEFAULTS } from "../policy-monitor";
import { remediationActionSchema } from "../violation";
import { parseConfigFile } from "./config-file";

/**
 * `remediator.yaml` in the config bucket: what the remediator may do. PolicyResponders renders it
 * from its args; the remediator reads it at run time, so an edit applies without a deploy.
 */
export const remediatorSettingsSchema = z.strictObject({
  version: z.literal(1),
  /** Actions the remediator may perform; any other suggestion is skipped. Defaults to none. */
  allowedActions: z.array(remediationActionSchema).default([]),
  /** Only report what would be done. Defaults to `REMEDIATOR_DEFAULTS.dryRun` (true). */
  dryRun: z.boolean().default(REMEDIATOR_DEFAULTS.dryRun),
  /** Principals never remediated: ARN globs, or name globs of users, roles and groups. Defaults to none. */
  protectedPrincipals: z.array(z.string().min(1)).default([]),
  /**
   * Whether an AWS managed policy may be detached from a principal.
   * Defaults to `REMEDIATOR_DEFAULTS.detachAwsManagedPolicies` (false).
   */
  detachAwsManagedPolicies: z.boolean().default(REMEDIATOR_DEFAULTS.detachAwsManagedPolicies),
});
export type RemediatorSettings = z.infer<typeof remediatorSettingsSchema>;

/** Parses remediator.yaml; a bad file fails with `<fileName>: <path> <problem>`. */
export function parseRemediatorSettings(
  text: string,
  fileName: string = CONFIG_BUCKET_KEYS.remediator,
): RemediatorSettings {
  return parseConfigFile(text, fileName, remediatorSettingsSchema);
}
