import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ORGANIZATION_HUB_REGION,
  memberForwarderRoleName,
  type MemberRoleKey,
} from "../../contracts/organization";
import {
  OrganizationHubArgsError,
  checkOrganizationSettings,
  resolvedMemberRegions,
  resolvedRoleNames,
  type MemberRoleNameArgs,
} from "./args";
import { memberPieces, type MemberPieces, type PlainStatement } from "./member-pieces";
import { memberRemediatorStatements } from "./member-remediator";

export interface OrganizationMemberArgs {
  /** The organization's id (`o-…`): the member roles trust the hub only within it. Required. */
  readonly organizationId: string;
  /** The hub's member bus in us-east-1 (`OrganizationHub.memberBusArn`). Required. */
  readonly hubBusArn: pulumi.Input<string>;
  /** The hub detector's execution role (`PolicyMonitor.detectorRoleArn`). Required. */
  readonly detectorRoleArn: pulumi.Input<string>;
  /** The hub remediator's execution role, when the hub remediates. Defaults to none (no remediator role). */
  readonly remediatorRoleArn?: pulumi.Input<string>;
  /** The principals the remediator role may never change, as the hub's remediator has them. Defaults to none. */
  readonly protectedPrincipals?: string[];
  /** The hub CodeWatcher's execution role, when the hub backs up code. Defaults to none (no code-reader role, no Lambda rules). */
  readonly codeWatcherRoleArn?: pulumi.Input<string>;
  /** The regions whose Lambda events are forwarded; us-east-1 is always one. Defaults to `["us-east-1"]`. */
  readonly memberRegions?: string[];
  /** The member role names, as the hub has them. Defaults to `DEFAULT_MEMBER_ROLE_NAMES`. */
  readonly roleNames?: MemberRoleNameArgs;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const document = (statements: PlainStatement[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/**
 * The member pieces of the hub's StackSet template as resources of a plain stack, for the
 * organization's management account, which a service-managed StackSet never deploys to: the
 * forwarding rules of every member region with their roles, and the roles the hub assumes.
 */
export class OrganizationMember extends pulumi.ComponentResource {
  /** The ARNs of the member roles, by what uses them. */
  public readonly roleArns: { readonly [K in MemberRoleKey]?: pulumi.Output<string> };

  constructor(name: string, args: OrganizationMemberArgs, opts?: pulumi.ComponentResourceOptions) {
    checkOrganizationSettings({ ...args, memberTargets: ["r-none"] }, (problem) => {
      throw new OrganizationHubArgsError(name, problem);
    });
    super("opsguard:index:OrganizationMember", name, {}, opts);
    const parent = { parent: this };
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = aws.getPartitionOutput({}, parent).partition;
    const roleNames = resolvedRoleNames(args);
    const memberRegions = resolvedMemberRegions(args);
    const remediatorStatements = args.remediatorRoleArn
      ? pulumi.all([account, partition]).apply(([a, p]) =>
          memberRemediatorStatements(roleNames, args.protectedPrincipals ?? [], {
            account: a,
            partition: p,
          }),
        )
      : pulumi.output(undefined);
    const pieces: pulumi.Output<MemberPieces> = pulumi
      .all([
        args.hubBusArn,
        args.detectorRoleArn,
        args.remediatorRoleArn,
        args.codeWatcherRoleArn,
        account,
        partition,
        remediatorStatements,
      ])
      .apply(([hubBusArn, policyReader, remediator, codeReader, a, p, statements]) =>
        memberPieces({
          organizationId: args.organizationId,
          hubBusArn,
          memberRegions,
          roleNames,
          hubRoleArns: { policyReader, remediator, codeReader },
          remediatorStatements: statements,
          account: a,
          partition: p,
        }),
      );

    const present: MemberRoleKey[] = ["policyReader"];
    if (args.remediatorRoleArn) present.push("remediator");
    if (args.codeWatcherRoleArn) present.push("codeReader");
    const roleArns: { [K in MemberRoleKey]?: pulumi.Output<string> } = {};
    for (const key of present) {
      const roleOf = (p: MemberPieces) => p.roles.find((candidate) => candidate.key === key)!;
      const role = new aws.iam.Role(
        `${name}-${key}`,
        {
          name: roleNames[key],
          assumeRolePolicy: pieces.apply((p) => document(roleOf(p).trustStatements)),
          tags: args.tags,
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-${key}-policy`,
        { role: role.id, policy: pieces.apply((p) => document(roleOf(p).statements)) },
        parent,
      );
      roleArns[key] = role.arn;
    }
    this.roleArns = roleArns;

    for (const region of memberRegions) {
      const inRegion: pulumi.CustomResourceOptions = {
        parent: this,
        provider: new aws.Provider(`${name}-${region}`, { region }, parent),
      };
      const forwarder = new aws.iam.Role(
        `${name}-forwarder-${region}`,
        {
          name: memberForwarderRoleName(region),
          assumeRolePolicy: pieces.apply((p) => document(p.forwarderTrustStatements)),
          tags: args.tags,
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-forwarder-${region}-policy`,
        { role: forwarder.id, policy: pieces.apply((p) => document(p.forwarderStatements)) },
        parent,
      );
      const rules = [
        { key: "iam", wanted: region === ORGANIZATION_HUB_REGION },
        { key: "lambda", wanted: args.codeWatcherRoleArn !== undefined },
      ].filter((rule) => rule.wanted);
      for (const { key } of rules) {
        const ruleOf = (p: MemberPieces) => p.rules.find((candidate) => candidate.key === key)!;
        const rule = new aws.cloudwatch.EventRule(
          `${name}-${key}-${region}`,
          {
            description: pieces.apply((p) => ruleOf(p).description),
            eventPattern: pieces.apply((p) => JSON.stringify(ruleOf(p).pattern)),
            tags: args.tags,
          },
          inRegion,
        );
        new aws.cloudwatch.EventTarget(
          `${name}-${key}-${region}-target`,
          { rule: rule.name, arn: args.hubBusArn, roleArn: forwarder.arn },
          inRegion,
        );
      }
    }
    this.registerOutputs({ roleArns: this.roleArns });
  }
}
