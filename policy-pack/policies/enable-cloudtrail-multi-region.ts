import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: activity in a region nobody watches (where an intruder starts instances) left out of the
 * trail. A trail logs its home region only unless `isMultiRegionTrail` is true. Advisory: an
 * account may rightly keep a single-region trail beside an organization or multi-region one.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
 */
export const enableCloudtrailMultiRegion = resourcePolicy({
  name: "enable-cloudtrail-multi-region",
  description: "CloudTrail trails log every region.",
  remediationSteps: "Set isMultiRegionTrail: true.",
  url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
  enforcementLevel: "advisory",
  severity: "medium",
  matches: {},
  types: ["aws:cloudtrail/trail:Trail"],
  check: ({ props, report, unknown }) => {
    const multiRegion = props.isMultiRegionTrail;
    if (isUnknown(multiRegion)) unknown("isMultiRegionTrail");
    else if (multiRegion !== true) {
      report(
        `isMultiRegionTrail is ${multiRegion === false ? "false" : "not set (default false)"}: only the trail's home region is logged`,
      );
    }
  },
});
