import type { AccessLevel } from "./access-levels";

/** The access levels an action really has, and why the Service Authorization Reference's differ. */
export interface AccessLevelOverride {
  readonly levels: readonly AccessLevel[];
  readonly reason: string;
}

/**
 * Actions whose access levels in the Service Authorization Reference (and so in
 * `generated/actions.ts`) say more than the action does: each one only reads, yet is labelled
 * `Write` or `Permissions management`, which makes AWS's own read-only policies (`ReadOnlyAccess`,
 * `ViewOnlyAccess`, `SecurityAudit`, through `Get*`, `List*` and `Describe*`) look like they
 * manage permissions. `defaultCatalogue()` applies them when it builds the catalogue; an entry
 * that names an action the catalogue no longer has fails the build of the catalogue.
 *
 * Only actions that return data and change nothing belong here. An action that reads by name but
 * hands out credentials or changes state keeps its label, even when `ReadOnlyAccess` grants it:
 * - `athena:GetSessionEndpoint` returns a Spark Connect endpoint and token, with which a client
 *   runs code in the session under the workgroup's execution role;
 * - `cognito-idp:GetTokensFromRefreshToken` issues new tokens and, with rotation, revokes the
 *   refresh token;
 * - `s3express:CreateSession` returns session credentials for object writes as well as reads.
 * Calling them reads would hide them from every rule. Instead the default rules report the first
 * two in their own LOW rule (`wildcard-resource-session-token` in `rules/rules.yaml`, excepted from
 * `wildcard-resource-write`): they only reach a session or user that already exists. The third is
 * `Read` only where a Condition pins `s3express:SessionMode` to `ReadOnly`, as `ReadOnlyAccess`
 * does (`condition-narrowings.ts`).
 */
export const ACCESS_LEVEL_OVERRIDES: Readonly<Record<string, AccessLevelOverride>> = {
  "backup:ListIndexedRecoveryPointsForSearch": {
    levels: ["List"],
    reason: "lists the recovery points that are indexed for search",
  },
  "billing:GetResourcePolicy": {
    levels: ["Read"],
    reason: "returns a billing view's resource policy; it does not set one",
  },
  "iot:GetConnection": {
    levels: ["Read"],
    reason: "returns the information of a client connection",
  },
  "iot:ListSubscriptions": {
    levels: ["List"],
    reason: "lists the topics a connected client subscribes to",
  },
  "quicksight:DescribeKnowledgeBasePermissions": {
    levels: ["Read"],
    reason: "returns a knowledge base's resource policy; it does not set one",
  },
  "quicksight:DescribeSpacePermissions": {
    levels: ["Read"],
    reason: "returns a space's permissions; it does not set them",
  },
  "quicksight:DescribeTopicPermissions": {
    levels: ["Read"],
    reason: "returns a topic's resource policy; it does not set one",
  },
  "ssm-sap:GetResourcePermission": {
    levels: ["Read"],
    reason: "returns the permissions of an SSM for SAP database; it does not set them",
  },
};
