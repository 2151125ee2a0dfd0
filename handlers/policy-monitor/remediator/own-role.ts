import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";

/**
 * The role name in the caller's ARN: `<name>` of `arn:aws:sts::<account>:assumed-role/<name>/<session>`.
 * Any other ARN (a user, or none) is returned whole, so that it matches no role of the account.
 */
export function roleNameFromCallerArn(callerArn: string | undefined): string {
  const match = /:assumed-role\/([^/]+)\//.exec(callerArn ?? "");
  return match ? match[1] : (callerArn ?? "");
}

/**
 * The function's own execution role name, asked of STS once and then remembered: the remediator
 * never changes the role it runs as.
 */
export function ownRoleNameLoader(sts: STSClient): () => Promise<string> {
  let ownRole: Promise<string> | undefined;
  return () => {
    ownRole ??= sts
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => roleNameFromCallerArn(identity.Arn));
    return ownRole;
  };
}
