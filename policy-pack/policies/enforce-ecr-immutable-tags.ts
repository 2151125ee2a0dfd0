import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const IMMUTABLE = ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"];

/**
 * Risk: a tag moved to another image after it was scanned, reviewed or deployed, so that what runs
 * is not what was approved. Tags are mutable unless `imageTagMutability` says otherwise;
 * `IMMUTABLE_WITH_EXCLUSION` passes, its exclusion filters naming the tags meant to move.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export const enforceEcrImmutableTags = resourcePolicy({
  name: "enforce-ecr-immutable-tags",
  description: "ECR repositories keep image tags immutable.",
  remediationSteps:
    'Set imageTagMutability: "IMMUTABLE" (or "IMMUTABLE_WITH_EXCLUSION" with imageTagMutabilityExclusionFilters for tags such as latest), and deploy by digest or unique tag.',
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { compliancePolicies: ["aws-ecr-repository-disallow-mutable-image"] },
  types: ["aws:ecr/repository:Repository"],
  check: ({ props, report, unknown }) => {
    const mutability = props.imageTagMutability;
    if (isUnknown(mutability)) unknown("imageTagMutability");
    else if (mutability === undefined) {
      report("imageTagMutability is not set (default MUTABLE): a pushed tag can be moved");
    } else if (!IMMUTABLE.includes(String(mutability))) {
      report(`imageTagMutability is "${String(mutability)}": a pushed tag can be moved`);
    }
  },
});
