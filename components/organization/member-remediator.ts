import * as pulumi from "@pulumi/pulumi";
import { memberForwarderRoleName, type MemberRoleNames } from "../../contracts/organization";
import { remediatorIamStatements } from "../policy-monitor/responders/statements";
import type { PlainStatement } from "./member-pieces";

/**
 * The member remediator role's statements: the hub remediator's IAM calls on the member's own
 * principals and policies, with the same explicit Denies (its own role, service-linked roles, the
 * protected principals) and the other opsguard member roles untouchable as well.
 */
export function memberRemediatorStatements(
  roleNames: MemberRoleNames,
  protectedPrincipals: readonly string[],
  ctx: { readonly partition: string; readonly account: string },
): pulumi.Output<PlainStatement[]> {
  const memberRole = (roleName: string) =>
    `arn:${ctx.partition}:iam::${ctx.account}:role/${roleName}`;
  const statements = remediatorIamStatements(
    { partition: pulumi.output(ctx.partition), account: pulumi.output(ctx.account) },
    {
      ownRoleNamePattern: roleNames.remediator,
      protectedPrincipals: [
        ...protectedPrincipals,
        memberRole(roleNames.policyReader),
        memberRole(roleNames.codeReader),
        memberRole(memberForwarderRoleName("*")),
      ],
    },
  );
  return pulumi.output(statements).apply((resolved) => resolved as unknown as PlainStatement[]);
}
