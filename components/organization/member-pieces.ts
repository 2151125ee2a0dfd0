import {
  ORGANIZATION_HUB_REGION,
  memberForwarderRoleName,
  type MemberRoleKey,
  type MemberRoleNames,
} from "../../contracts/organization";
import { codeWatcherEventPattern, type EventPattern } from "../code-watcher/event-pattern";
import { iamEventPattern } from "../policy-monitor/iam-events";

/** An IAM statement with plain values, as a template or a member stack writes it. */
export interface PlainStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** What the pieces are built from: plain values, the member's account and partition as tokens. */
export interface MemberPiecesInput {
  readonly organizationId: string;
  /** The hub's bus in us-east-1 that every forwarding rule targets. */
  readonly hubBusArn: string;
  /** us-east-1 and the other member regions. */
  readonly memberRegions: readonly string[];
  readonly roleNames: MemberRoleNames;
  /** The hub execution roles, by the member role each assumes; a role without one is left out. */
  readonly hubRoleArns: { readonly [K in MemberRoleKey]?: string };
  /**
   * The remediator's IAM statements in the member (allows and explicit denies), from
   * `remediatorIamStatements` with this input's account and partition. Needed with `hubRoleArns.remediator`.
   */
  readonly remediatorStatements?: readonly PlainStatement[];
  /** The member's account id, or a token that stands for it (`${AWS::AccountId}`). */
  readonly account: string;
  /** The partition, or a token (`${AWS::Partition}`). */
  readonly partition: string;
}

/** A member role: its name, whom it trusts and what it may do. */
export interface MemberRole {
  readonly key: MemberRoleKey;
  readonly name: string;
  readonly trustStatements: PlainStatement[];
  readonly statements: PlainStatement[];
}

/** A forwarding rule: every region's (Lambda) or us-east-1's only (IAM). */
export interface ForwardingRule {
  readonly key: "iam" | "lambda";
  readonly description: string;
  /** True: in us-east-1 only. */
  readonly iamRegionOnly: boolean;
  readonly pattern: EventPattern;
}

export interface MemberPieces {
  /** The hub's bus every rule targets. */
  readonly hubBusArn: string;
  readonly roles: MemberRole[];
  readonly rules: ForwardingRule[];
  /** The role name the rules of `region` forward with. */
  forwarderRoleName(region: string): string;
  /** Whom the forwarder role trusts: EventBridge acting for this account. */
  readonly forwarderTrustStatements: PlainStatement[];
  /** What it may do: put events on the hub's bus. */
  readonly forwarderStatements: PlainStatement[];
}

/**
 * The Lambda events CodeWatcher backs up: code updates and published versions, of any function
 * (without watched functions, the region and account do not enter the pattern).
 */
export const MEMBER_LAMBDA_EVENT_PATTERN: EventPattern = codeWatcherEventPattern({
  region: ORGANIZATION_HUB_REGION,
  accountId: "any",
});

/**
 * The pieces every member account holds: the forwarding rules to the hub's bus with their role,
 * and the roles the hub's functions assume, each trusting only the hub role that uses it and only
 * within the organization. One model for the StackSet template and `OrganizationMember`.
 */
export function memberPieces(input: MemberPiecesInput): MemberPieces {
  const { account, partition, organizationId } = input;
  const inOrganization = { StringEquals: { "aws:PrincipalOrgID": organizationId } };
  const trust = (hubRoleArn: string): PlainStatement[] => [
    {
      Sid: "HubRoleOfTheOrganization",
      Effect: "Allow",
      Principal: { AWS: hubRoleArn },
      Action: "sts:AssumeRole",
      Condition: inOrganization,
    },
  ];
  const roles: MemberRole[] = [];
  const { policyReader, remediator, codeReader } = input.hubRoleArns;
  if (policyReader) {
    roles.push({
      key: "policyReader",
      name: input.roleNames.policyReader,
      trustStatements: trust(policyReader),
      statements: [
        {
          Sid: "ReadManagedPolicies",
          Effect: "Allow",
          Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
          Resource: [
            `arn:${partition}:iam::${account}:policy/*`,
            `arn:${partition}:iam::aws:policy/*`,
          ],
        },
      ],
    });
  }
  if (remediator) {
    if (!input.remediatorStatements || input.remediatorStatements.length === 0) {
      throw new Error("memberPieces: hubRoleArns.remediator needs remediatorStatements");
    }
    roles.push({
      key: "remediator",
      name: input.roleNames.remediator,
      trustStatements: trust(remediator),
      statements: [...input.remediatorStatements],
    });
  }
  if (codeReader) {
    roles.push({
      key: "codeReader",
      name: input.roleNames.codeReader,
      trustStatements: trust(codeReader),
      statements: [
        {
          Sid: "ReadFunctionCode",
          Effect: "Allow",
          Action: ["lambda:GetFunction"],
          // `function:*` covers the qualified ARNs of published versions too.
          Resource: input.memberRegions.map(
            (region) => `arn:${partition}:lambda:${region}:${account}:function:*`,
          ),
        },
      ],
    });
  }
  const rules: ForwardingRule[] = [
    {
      key: "iam",
      description: "IAM policy changes recorded by CloudTrail, to the opsguard hub",
      iamRegionOnly: true,
      pattern: iamEventPattern,
    },
  ];
  if (codeReader) {
    rules.push({
      key: "lambda",
      description: "Lambda code deployments and published versions, to the opsguard hub",
      iamRegionOnly: false,
      pattern: MEMBER_LAMBDA_EVENT_PATTERN,
    });
  }
  return {
    hubBusArn: input.hubBusArn,
    roles,
    rules,
    forwarderRoleName: memberForwarderRoleName,
    forwarderTrustStatements: [
      {
        Sid: "EventBridgeOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      },
    ],
    forwarderStatements: [
      {
        Sid: "PutOnHubBus",
        Effect: "Allow",
        Action: ["events:PutEvents"],
        Resource: input.hubBusArn,
      },
    ],
  };
}
