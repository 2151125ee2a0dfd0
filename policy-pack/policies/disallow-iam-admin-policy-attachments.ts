import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const ATTACHMENT_TYPES = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
];

/**
 * Risk: AdministratorAccess and PowerUserAccess grant (almost) everything in the account to the
 * role, user or group: one compromised workload is a compromised account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
 */
export const disallowIamAdminPolicyAttachments = resourcePolicy({
  name: "disallow-iam-admin-policy-attachments",
  description: "No role, user or group gets AdministratorAccess or PowerUserAccess attached.",
  remediationSteps: "Attach a policy that names the actions and resources the principal needs.",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: { cdkNag: ["AwsSolutions-IAM4"] },
  config: {
    disallowedPolicies: {
      type: "array",
      items: { type: "string" },
      default: ["AdministratorAccess", "PowerUserAccess"],
      description: "Names of AWS managed policies that must not be attached.",
    },
  },
  types: [...ATTACHMENT_TYPES, "aws:iam/role:Role"],
  check: ({ type, props, config, report, unknown }) => {
    const disallowed = config.disallowedPolicies as string[];
    const isDisallowed = (arn: string) =>
      disallowed.some((name) =>
        new RegExp(`^arn:aws[\\w-]*:iam::aws:policy/(.*/)?${name}$`).test(arn),
      );
    const property = type === "aws:iam/role:Role" ? "managedPolicyArns" : "policyArn";
    const value = props[property];
    if (isUnknown(value)) return unknown(property);
    const arns = Array.isArray(value) ? value : value === undefined ? [] : [value];
    arns.forEach((arn: unknown, index) => {
      if (isUnknown(arn)) unknown(`${property}[${index}]`);
      else if (isDisallowed(String(arn))) report(`${property} attaches "${String(arn)}"`);
    });
  },
});
