import type { PlainStatement } from "./member-pieces";

/** The `detail-type` of every event a member forwards. */
export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

/**
 * The hub bus's resource policy: accounts of the organization may put CloudTrail events of IAM
 * (and of Lambda, with `lambda`) and nothing else; excluded accounts may not put any.
 */
export function hubBusPolicyStatements(input: {
  readonly busArn: string;
  readonly organizationId: string;
  readonly lambda: boolean;
  readonly excludedAccounts: readonly string[];
}): PlainStatement[] {
  const statements: PlainStatement[] = [
    {
      Sid: "OrganizationCloudTrailEvents",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "events:PutEvents",
      Resource: input.busArn,
      Condition: {
        StringEquals: {
          "aws:PrincipalOrgID": input.organizationId,
          "events:source": input.lambda ? ["aws.iam", "aws.lambda"] : ["aws.iam"],
          "events:detail-type": CLOUDTRAIL_DETAIL_TYPE,
        },
      },
    },
  ];
  if (input.excludedAccounts.length > 0) {
    statements.push({
      Sid: "NotExcludedAccounts",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "events:PutEvents",
      Resource: input.busArn,
      Condition: { StringEquals: { "aws:PrincipalAccount": [...input.excludedAccounts] } },
    });
  }
  return statements;
}
