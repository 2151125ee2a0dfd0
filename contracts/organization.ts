/**
 * What the organization hub (`components/organization/`), the member template it deploys and the
 * hub's handlers agree on: the id formats, the member role names and their defaults, the region
 * IAM's events come from, and the environment that scopes a handler to the organization.
 */

/** An AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/** A StackSet deployment target: the organization's root (`r-…`) or an OU (`ou-…-…`). */
export const MEMBER_TARGET_PATTERN = /^(r-[a-z0-9]{4,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$/;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** IAM's CloudTrail events reach EventBridge only here; the hub's member bus lives here too. */
export const ORGANIZATION_HUB_REGION = "us-east-1";

/** Who the hub's StackSet calls CloudFormation as: the management account, or its delegate. */
export const STACK_SET_CALL_AS = ["SELF", "DELEGATED_ADMIN"] as const;
export type StackSetCallAs = (typeof STACK_SET_CALL_AS)[number];

/** The names of the roles every member account holds, unless the hub names others. */
export const DEFAULT_MEMBER_ROLE_NAMES = {
  /** Assumed by the hub's detector: reads managed policy documents. */
  policyReader: "opsguard-policy-reader",
  /** Assumed by the hub's remediator: detaches and deletes the policies it judged. */
  remediator: "opsguard-remediator",
  /** Assumed by the hub's CodeWatcher: reads a changed function's package. */
  codeReader: "opsguard-code-reader",
} as const;
export type MemberRoleKey = keyof typeof DEFAULT_MEMBER_ROLE_NAMES;
export type MemberRoleNames = { readonly [K in MemberRoleKey]: string };

/**
 * The role a member's forwarding rules put events on the hub's bus with. IAM is global and the
 * template runs once per region, so each region's stack instance creates its own.
 */
export function memberForwarderRoleName(region: string): string {
  return `opsguard-event-forwarder-${region}`;
}

/** An IAM role name: what `roleNames` may hold. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
