import { z } from "zod";
import type { OrganizationHubSettings } from "../components/organization/args";
import {
  ACCOUNT_ID_PATTERN,
  MEMBER_TARGET_PATTERN,
  ORGANIZATION_ID_PATTERN,
  ROLE_NAME_PATTERN,
  STACK_SET_CALL_AS,
} from "../contracts/organization";

const roleName = z.string().regex(ROLE_NAME_PATTERN, "must be an IAM role name");

/**
 * `opsguard:organization` in `Pulumi.<stack>.yaml`: turns the stack into the hub of an AWS
 * Organization (see `OrganizationHubSettings`). Shape only: unknown keys are errors; defaults and
 * the rules across fields are the component's (`validateOrganizationHubSettings`).
 */
export const organizationConfigSchema = z.strictObject({
  /** The organization whose accounts are guarded (`o-…`). */
  organizationId: z
    .string()
    .regex(ORGANIZATION_ID_PATTERN, "must be an organization id (o- and 10 to 32 a-z/0-9)"),
  /** The root (`r-…`) or OUs (`ou-…`) the StackSet deploys the member pieces to. */
  memberTargets: z
    .array(z.string().regex(MEMBER_TARGET_PATTERN, "must be a root id (r-…) or an OU id (ou-…)"))
    .min(1),
  /** Where members' Lambda events are forwarded from; us-east-1 is always added. */
  memberRegions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region"))
    .min(1)
    .optional(),
  /** Accounts the StackSet skips and the hub ignores. */
  excludedAccounts: z
    .array(z.string().regex(ACCOUNT_ID_PATTERN, "must be a 12-digit account id"))
    .optional(),
  /** `SELF` in the management account, `DELEGATED_ADMIN` in a delegated administrator. */
  callAs: z.enum(STACK_SET_CALL_AS).optional(),
  /** The names of the member roles. */
  roleNames: z
    .strictObject({
      policyReader: roleName.optional(),
      remediator: roleName.optional(),
      codeReader: roleName.optional(),
    })
    .optional(),
});

export type OrganizationConfig = z.infer<typeof organizationConfigSchema>;

export function organizationSettingsFromConfig(
  config: OrganizationConfig,
): OrganizationHubSettings {
  return { ...config };
}
