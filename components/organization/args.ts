import { Region } from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  ACCOUNT_ID_PATTERN,
  DEFAULT_MEMBER_ROLE_NAMES,
  MEMBER_TARGET_PATTERN,
  ORGANIZATION_HUB_REGION,
  ORGANIZATION_ID_PATTERN,
  ROLE_NAME_PATTERN,
  STACK_SET_CALL_AS,
  type MemberRoleNames,
  type StackSetCallAs,
} from "../../contracts/organization";
import { componentArgsError } from "../core/errors";

/** The member role names; each one unset keeps its default. */
export interface MemberRoleNameArgs {
  /** Read by the hub's detector. Defaults to `DEFAULT_MEMBER_ROLE_NAMES.policyReader` (`opsguard-policy-reader`). */
  readonly policyReader?: string;
  /** Used by the hub's remediator. Defaults to `DEFAULT_MEMBER_ROLE_NAMES.remediator` (`opsguard-remediator`). */
  readonly remediator?: string;
  /** Used by the hub's CodeWatcher. Defaults to `DEFAULT_MEMBER_ROLE_NAMES.codeReader` (`opsguard-code-reader`). */
  readonly codeReader?: string;
}

/** Which organization the hub guards, and how its members are enrolled. */
export interface OrganizationHubSettings {
  /** The organization's id (`o-…`); the hub's bus and the member roles admit only it. Required. */
  readonly organizationId: string;
  /** The root (`r-…`) or OUs (`ou-…`) the StackSet deploys the member pieces to. Required. */
  readonly memberTargets: string[];
  /**
   * The regions members' Lambda events are forwarded from (a StackSet instance in each); us-east-1,
   * where IAM's events arrive, is always one of them. Defaults to `["us-east-1"]`.
   */
  readonly memberRegions?: string[];
  /** Accounts the StackSet skips and the hub's handlers ignore. Defaults to none. */
  readonly excludedAccounts?: string[];
  /**
   * `SELF` when the hub runs in the management account, `DELEGATED_ADMIN` in a delegated
   * administrator of CloudFormation StackSets. Defaults to `DELEGATED_ADMIN`.
   */
  readonly callAs?: StackSetCallAs;
  /** The names of the member roles. Defaults to `DEFAULT_MEMBER_ROLE_NAMES`. */
  readonly roleNames?: MemberRoleNameArgs;
}

/** A hub function the member pieces serve: the rules target it, a member role trusts its role. */
export interface HubFunction {
  /** The function's ARN. */
  readonly functionArn: pulumi.Input<string>;
  /** The function's name. */
  readonly functionName: pulumi.Input<string>;
  /** The ARN of its execution role: the member role trusts exactly this principal. */
  readonly roleArn: pulumi.Input<string>;
}

export interface OrganizationHubArgs extends OrganizationHubSettings {
  /** PolicyMonitor's detector: receives the members' IAM events, assumes their reader role. Required. */
  readonly detector: HubFunction;
  /**
   * PolicyMonitor's remediator, when remediation is on: assumes the members' remediator role.
   * `protectedPrincipals` are denied to that role too. Defaults to none (no remediator role).
   */
  readonly remediator?: {
    readonly roleArn: pulumi.Input<string>;
    readonly protectedPrincipals?: string[];
  };
  /**
   * CodeWatcher: receives the members' Lambda code changes, assumes their code-reader role.
   * Defaults to none (no Lambda forwarding, no code-reader role).
   */
  readonly codeWatcher?: HubFunction;
  /** The region of the hub's functions. Defaults to the `aws:region` config. */
  readonly region?: string;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of an OrganizationHub are wrong; the message names the field. */
export const OrganizationHubArgsError = componentArgsError("OrganizationHub");
export type OrganizationHubArgsError = InstanceType<typeof OrganizationHubArgsError>;

/** memberRegions with us-east-1 first, each once. */
export function resolvedMemberRegions(settings: Pick<OrganizationHubSettings, "memberRegions">) {
  return [...new Set([ORGANIZATION_HUB_REGION, ...(settings.memberRegions ?? [])])];
}

/** The member role names, defaults filled in. */
export function resolvedRoleNames(settings: Pick<OrganizationHubSettings, "roleNames">) {
  const names: MemberRoleNames = { ...DEFAULT_MEMBER_ROLE_NAMES, ...settings.roleNames };
  return names;
}

/**
 * Checks the organization settings (for programs that skip the stack-config schema): the id formats,
 * known regions, distinct role names. `fail` receives the problem, starting with its field.
 */
export function checkOrganizationSettings(
  settings: OrganizationHubSettings,
  fail: (problem: string) => never,
): void {
  if (!ORGANIZATION_ID_PATTERN.test(settings.organizationId ?? "")) {
    fail(
      `organizationId must match ${ORGANIZATION_ID_PATTERN.source}, got "${settings.organizationId}"`,
    );
  }
  if (!settings.memberTargets || settings.memberTargets.length === 0) {
    fail("memberTargets needs at least one root (r-…) or OU (ou-…) id");
  }
  for (const target of settings.memberTargets) {
    if (!MEMBER_TARGET_PATTERN.test(target)) {
      fail(`memberTargets: "${target}" is neither a root id (r-…) nor an OU id (ou-…)`);
    }
  }
  for (const region of settings.memberRegions ?? []) {
    if (!(Object.values(Region) as string[]).includes(region))
      fail(`memberRegions: "${region}" is not an AWS region`);
  }
  for (const account of settings.excludedAccounts ?? []) {
    if (!ACCOUNT_ID_PATTERN.test(account)) {
      fail(`excludedAccounts: "${account}" is not a 12-digit account id`);
    }
  }
  if (settings.callAs !== undefined && !STACK_SET_CALL_AS.includes(settings.callAs)) {
    fail(`callAs must be one of ${STACK_SET_CALL_AS.join(", ")}, got "${settings.callAs}"`);
  }
  const names = resolvedRoleNames(settings);
  for (const [key, roleName] of Object.entries(names)) {
    if (!ROLE_NAME_PATTERN.test(roleName))
      fail(`roleNames.${key}: "${roleName}" is not a role name`);
  }
  if (new Set(Object.values(names)).size !== Object.keys(names).length) {
    fail(`roleNames must differ from each other, got ${Object.values(names).join(", ")}`);
  }
}

/** Checks an OrganizationHub's args; throws `OrganizationHubArgsError`. */
export function validateOrganizationHubArgs(name: string, args: OrganizationHubArgs): void {
  checkOrganizationSettings(args, (problem) => {
    throw new OrganizationHubArgsError(name, problem);
  });
}
