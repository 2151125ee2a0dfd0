import { resourcePolicy } from "../lib/define";
import {
  allowsEveryoneUnconditionally,
  describeStatement,
  documentsToCheck,
} from "../lib/iam-document";

/**
 * The resource types whose resource policy this policy reads. S3 bucket policies are judged by
 * `disallow-s3-public-access`, Lambda permissions by `enforce-lambda-permission-source`.
 */
const TYPES = [
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sns/topic:Topic",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:kms/key:Key",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy",
];

/**
 * Risk: a resource policy that allows `Principal: "*"` without a condition pinning the caller's
 * account, organisation, source or network lets every AWS account in the world send to the queue,
 * publish to the topic, use the key or pull the images.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
 */
export const disallowIamPublicResourcePolicies = resourcePolicy({
  name: "disallow-iam-public-resource-policies",
  description:
    'SQS queue, SNS topic, KMS key and ECR repository policies allow nothing to Principal "*" without a narrowing condition.',
  remediationSteps:
    "Name the trusted accounts, roles or services as principals; or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount (kms:CallerAccount for keys).",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: { cdkNag: ["AwsSolutions-ECR1"] },
  types: TYPES,
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(type, props, ["resource"], unknown)) {
      for (const statement of document.statements) {
        if (allowsEveryoneUnconditionally(statement)) {
          report(
            `${document.property} ${describeStatement(statement)} allows ${JSON.stringify(statement.action ?? statement.notAction)} to Principal "*" without a narrowing condition`,
          );
        }
      }
    }
  },
});
