import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient } from "@aws-sdk/client-iam";

/** Raised when a managed policy's document cannot be fetched. */
export class PolicyLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyLookupError";
  }
}

/** Where the detector gets managed policy documents that an event only names by ARN. */
export interface PolicySource {
  /** The default version's id and document (text as IAM returns it, possibly URL-encoded). */
  defaultVersion(policyArn: string): Promise<{ versionId: string; document: string }>;
  version(policyArn: string, versionId: string): Promise<string>;
}

/** The PolicySource of a live account: GetPolicy for the default version, then GetPolicyVersion. */
export function iamPolicySource(iam: IAMClient): PolicySource {
  const version = async (policyArn: string, versionId: string) => {
    const response = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
    );
    const document = response.PolicyVersion?.Document;
    if (!document) throw new PolicyLookupError(`${policyArn} ${versionId} has no document`);
    return document;
  };
  return {
    version,
    async defaultVersion(policyArn) {
      const response = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
      const versionId = response.Policy?.DefaultVersionId;
      if (!versionId) throw new PolicyLookupError(`${policyArn} has no default version`);
      return { versionId, document: await version(policyArn, versionId) };
    },
  };
}
