import type { ViolationTarget } from "../../../contracts/violation";
import {
  optionalRequestString,
  requestString,
  responseString,
  type CloudTrailDetail,
} from "./cloudtrail-event";
import type { DocumentKind } from "./engine/types";
import type { PolicySource } from "./iam-policies";

/** A policy document that an event introduces, and what it is attached to. */
export interface IntroducedDocument {
  readonly kind: DocumentKind;
  readonly target: ViolationTarget;
  /** The document as received: JSON text, possibly URL-encoded. */
  readonly document: string;
  /** Where the document came from, for error messages. */
  readonly source: string;
}

const PRINCIPAL_PARAMETER = { user: "userName", role: "roleName", group: "groupName" } as const;
type PrincipalType = keyof typeof PRINCIPAL_PARAMETER;

function principal(detail: CloudTrailDetail, type: PrincipalType) {
  const name = requestString(detail, PRINCIPAL_PARAMETER[type]);
  return {
    principalType: type,
    principalName: name,
    principalArn: `arn:aws:iam::${detail.recipientAccountId}:${type}/${name}`,
  };
}

const requestSource = (name: string) => `event.detail.requestParameters.${name}`;

/**
 * The documents an event introduces: the policy text of Create*, Put* and UpdateAssumeRolePolicy;
 * for Attach* and SetDefaultPolicyVersion the managed policy's version, fetched from IAM. A failed
 * call (CloudTrail `errorCode`) and an event name the detector does not judge introduce nothing.
 */
export async function extractDocuments(
  detail: CloudTrailDetail,
  policies: PolicySource,
): Promise<IntroducedDocument[]> {
  if (detail.errorCode) return [];
  const account = detail.recipientAccountId;
  const name = detail.eventName;
  switch (name) {
    case "CreatePolicy": {
      const policyName = requestString(detail, "policyName");
      const path = optionalRequestString(detail, "path") ?? "/";
      const policyArn =
        responseString(detail, "policy", "arn") ??
        `arn:aws:iam::${account}:policy${path}${policyName}`;
      return [
        {
          kind: "identity",
          target: { kind: "managed-policy", policyArn, policyName, policyVersionId: "v1" },
          document: requestString(detail, "policyDocument"),
          source: requestSource("policyDocument"),
        },
      ];
    }
    case "CreatePolicyVersion":
      return [
        {
          kind: "identity",
          target: {
            kind: "managed-policy",
            policyArn: requestString(detail, "policyArn"),
            policyVersionId: responseString(detail, "policyVersion", "versionId"),
          },
          document: requestString(detail, "policyDocument"),
          source: requestSource("policyDocument"),
        },
      ];
    case "SetDefaultPolicyVersion": {
      const policyArn = requestString(detail, "policyArn");
      const versionId = requestString(detail, "versionId");
      return [
        {
          kind: "identity",
          target: { kind: "managed-policy", policyArn, policyVersionId: versionId },
          document: await policies.version(policyArn, versionId),
          source: `${policyArn} ${versionId}`,
        },
      ];
    }
    case "PutUserPolicy":
    case "PutRolePolicy":
    case "PutGroupPolicy": {
      const type = name.slice(3, -6).toLowerCase() as PrincipalType;
      return [
        {
          kind: "identity",
          target: {
            kind: "inline-policy",
            policyName: requestString(detail, "policyName"),
            ...principal(detail, type),
          },
          document: requestString(detail, "policyDocument"),
          source: requestSource("policyDocument"),
        },
      ];
    }
    case "AttachUserPolicy":
    case "AttachRolePolicy":
    case "AttachGroupPolicy": {
      const type = name.slice(6, -6).toLowerCase() as PrincipalType;
      const policyArn = requestString(detail, "policyArn");
      const { versionId, document } = await policies.defaultVersion(policyArn);
      return [
        {
          kind: "identity",
          target: {
            kind: "managed-policy",
            policyArn,
            policyName: policyArn.split("/").pop(),
            policyVersionId: versionId,
            ...principal(detail, type),
          },
          document,
          source: `${policyArn} ${versionId}`,
        },
      ];
    }
    case "UpdateAssumeRolePolicy":
    case "CreateRole": {
      const parameter = name === "CreateRole" ? "assumeRolePolicyDocument" : "policyDocument";
      const target = principal(detail, "role");
      return [
        {
          kind: "trust",
          target: {
            kind: "trust-policy",
            ...target,
            principalArn: responseString(detail, "role", "arn") ?? target.principalArn,
          },
          document: requestString(detail, parameter),
          source: requestSource(parameter),
        },
      ];
    }
    default:
      return [];
  }
}
