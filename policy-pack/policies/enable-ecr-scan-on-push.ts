import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: images with known vulnerabilities pushed and deployed without anyone being told. Scanning
 * on push is off unless `imageScanningConfiguration.scanOnPush` is true. A registry scanning
 * configuration (`aws.ecr.RegistryScanningConfiguration`) overrides the repository setting; a
 * repository it covers takes an exemption saying so.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export const enableEcrScanOnPush = resourcePolicy({
  name: "enable-ecr-scan-on-push",
  description: "ECR repositories scan images for vulnerabilities on push.",
  remediationSteps:
    "Set imageScanningConfiguration: { scanOnPush: true }, or configure registry-level scanning (aws.ecr.RegistryScanningConfiguration) and exempt the repositories it covers.",
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    compliancePolicies: [
      "aws-ecr-repository-configure-image-scan",
      "aws-ecr-repository-enable-image-scan",
    ],
  },
  types: ["aws:ecr/repository:Repository"],
  check: ({ props, report, unknown }) => {
    const scanning = props.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    if (isUnknown(scanning)) unknown("imageScanningConfiguration");
    else if (!scanning) {
      report("imageScanningConfiguration is not set: images are not scanned on push");
    } else if (isUnknown(scanning.scanOnPush)) unknown("imageScanningConfiguration.scanOnPush");
    else if (scanning.scanOnPush !== true) {
      report("imageScanningConfiguration.scanOnPush is false: images are not scanned on push");
    }
  },
});
