import { enableCloudtrailKmsEncryption } from "./enable-cloudtrail-kms-encryption";
import { enableCloudtrailLogFileValidation } from "./enable-cloudtrail-log-file-validation";
import { enableCloudtrailMultiRegion } from "./enable-cloudtrail-multi-region";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases } from "../test/policy-cases";

const TRAIL = "aws:cloudtrail/trail:Trail";
const BASE = { s3BucketName: "org-trail-logs" };

describePolicyCases([
  {
    policy: enableCloudtrailLogFileValidation,
    type: TRAIL,
    baseline: { ...BASE, enableLogFileValidation: true },
    failing: [
      [
        { enableLogFileValidation: false },
        "enableLogFileValidation is false: tampering with log files goes unnoticed",
      ],
      [
        { enableLogFileValidation: undefined },
        "enableLogFileValidation is not set (default false): tampering with log files goes unnoticed",
      ],
    ],
    unknown: [{ enableLogFileValidation: UNKNOWN }, "enableLogFileValidation"],
  },
  {
    policy: enableCloudtrailKmsEncryption,
    type: TRAIL,
    baseline: { ...BASE, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234" },
    failing: [
      [{ kmsKeyId: undefined }, "kmsKeyId is not set: log files are encrypted with SSE-S3 only"],
    ],
    unknown: [{ kmsKeyId: UNKNOWN }, "kmsKeyId"],
  },
  {
    policy: enableCloudtrailMultiRegion,
    type: TRAIL,
    baseline: { ...BASE, isMultiRegionTrail: true },
    failing: [
      [
        { isMultiRegionTrail: false },
        "isMultiRegionTrail is false: only the trail's home region is logged",
      ],
      [
        { isMultiRegionTrail: undefined },
        "isMultiRegionTrail is not set (default false): only the trail's home region is logged",
      ],
    ],
    unknown: [{ isMultiRegionTrail: UNKNOWN }, "isMultiRegionTrail"],
  },
]);
