import { ORGANIZATION_HUB_REGION, type MemberRoleKey } from "../../contracts/organization";
import {
  memberPieces,
  type MemberPieces,
  type MemberPiecesInput,
  type PlainStatement,
} from "./member-pieces";

/** What a stack instance substitutes for the member's account and partition. */
export const TEMPLATE_ACCOUNT = "${AWS::AccountId}";
export const TEMPLATE_PARTITION = "${AWS::Partition}";

/** The condition that keeps IAM's pieces (roles, the IAM rule) to the us-east-1 instance. */
export const IAM_REGION_CONDITION = "IsIamRegion";

/** The template's logical id of each member role. */
export const MEMBER_ROLE_LOGICAL_IDS: { readonly [K in MemberRoleKey]: string } = {
  policyReader: "PolicyReaderRole",
  remediator: "RemediatorRole",
  codeReader: "CodeReaderRole",
};

/** A CloudFormation template, as JSON. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: "2010-09-09";
  readonly Description: string;
  readonly Conditions: Record<string, unknown>;
  readonly Resources: Record<string, CloudFormationResource>;
}

export interface CloudFormationResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly Properties: Record<string, unknown>;
}

/** A string with `${…}` becomes `Fn::Sub`; arrays and objects are walked. */
function substituted(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") ? { "Fn::Sub": value } : value;
  if (Array.isArray(value)) return value.map(substituted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
  }
  return value;
}

function document(statements: readonly PlainStatement[]): unknown {
  return substituted({ Version: "2012-10-17", Statement: statements });
}

function role(
  name: string,
  description: string,
  trust: readonly PlainStatement[],
  statements: readonly PlainStatement[],
  condition?: string,
): CloudFormationResource {
  return {
    Type: "AWS::IAM::Role",
    ...(condition ? { Condition: condition } : {}),
    Properties: {
      RoleName: substituted(name),
      Description: description,
      AssumeRolePolicyDocument: document(trust),
      Policies: [{ PolicyName: "opsguard", PolicyDocument: document(statements) }],
      Tags: [{ Key: "managed-by", Value: "opsguard" }],
    },
  };
}

const ROLE_DESCRIPTIONS: { readonly [K in MemberRoleKey]: string } = {
  policyReader: "opsguard hub detector: reads managed policy documents of this account",
  remediator: "opsguard hub remediator: detaches and deletes the policies it judged",
  codeReader: "opsguard hub CodeWatcher: reads the packages of this account's functions",
};

/** The template of the pieces, run once per member region: IAM's only in us-east-1. */
export function renderMemberTemplate(pieces: MemberPieces): CloudFormationTemplate {
  const resources: Record<string, CloudFormationResource> = {
    ForwarderRole: role(
      pieces.forwarderRoleName("${AWS::Region}"),
      "opsguard: lets this region's forwarding rules put events on the hub's bus",
      pieces.forwarderTrustStatements,
      pieces.forwarderStatements,
    ),
  };
  for (const rule of pieces.rules) {
    resources[rule.key === "iam" ? "IamEventsRule" : "LambdaEventsRule"] = {
      Type: "AWS::Events::Rule",
      ...(rule.iamRegionOnly ? { Condition: IAM_REGION_CONDITION } : {}),
      Properties: {
        Description: rule.description,
        EventPattern: rule.pattern,
        State: "ENABLED",
        Targets: [
          {
            Id: "opsguard-hub",
            Arn: pieces.hubBusArn,
            RoleArn: { "Fn::GetAtt": ["ForwarderRole", "Arn"] },
          },
        ],
      },
    };
  }
  for (const memberRole of pieces.roles) {
    resources[MEMBER_ROLE_LOGICAL_IDS[memberRole.key]] = role(
      memberRole.name,
      ROLE_DESCRIPTIONS[memberRole.key],
      memberRole.trustStatements,
      memberRole.statements,
      IAM_REGION_CONDITION,
    );
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "opsguard member: forwards IAM and Lambda CloudTrail events to the hub's bus, and the roles the hub assumes",
    Conditions: {
      [IAM_REGION_CONDITION]: {
        "Fn::Equals": [{ Ref: "AWS::Region" }, ORGANIZATION_HUB_REGION],
      },
    },
    Resources: resources,
  };
}

/** The member template of a hub: pieces with the template's account and partition tokens. */
export function memberTemplate(
  input: Omit<MemberPiecesInput, "account" | "partition">,
): CloudFormationTemplate {
  return renderMemberTemplate(
    memberPieces({ ...input, account: TEMPLATE_ACCOUNT, partition: TEMPLATE_PARTITION }),
  );
}
