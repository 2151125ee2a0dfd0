import { enableEcrKmsEncryption } from "./enable-ecr-kms-encryption";
import { enableEcrScanOnPush } from "./enable-ecr-scan-on-push";
import { enforceEcrImmutableTags } from "./enforce-ecr-immutable-tags";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases } from "../test/policy-cases";

const REPOSITORY = "aws:ecr/repository:Repository";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234";

describePolicyCases([
  {
    policy: enforceEcrImmutableTags,
    type: REPOSITORY,
    baseline: { imageTagMutability: "IMMUTABLE" },
    failing: [
      [
        { imageTagMutability: "MUTABLE" },
        'imageTagMutability is "MUTABLE": a pushed tag can be moved',
      ],
      [
        { imageTagMutability: "MUTABLE_WITH_EXCLUSION" },
        'imageTagMutability is "MUTABLE_WITH_EXCLUSION": a pushed tag can be moved',
      ],
      [
        { imageTagMutability: undefined },
        "imageTagMutability is not set (default MUTABLE): a pushed tag can be moved",
      ],
    ],
    unknown: [{ imageTagMutability: UNKNOWN }, "imageTagMutability"],
  },
  {
    policy: enforceEcrImmutableTags,
    type: REPOSITORY,
    baseline: {
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }],
    },
    failing: [
      [
        { imageTagMutability: "MUTABLE" },
        'imageTagMutability is "MUTABLE": a pushed tag can be moved',
      ],
    ],
    unknown: [{ imageTagMutability: UNKNOWN }, "imageTagMutability"],
  },
  {
    policy: enableEcrScanOnPush,
    type: REPOSITORY,
    baseline: { imageScanningConfiguration: { scanOnPush: true } },
    failing: [
      [
        { imageScanningConfiguration: { scanOnPush: false } },
        "imageScanningConfiguration.scanOnPush is false: images are not scanned on push",
      ],
      [
        { imageScanningConfiguration: undefined },
        "imageScanningConfiguration is not set: images are not scanned on push",
      ],
    ],
    unknown: [
      { imageScanningConfiguration: { scanOnPush: UNKNOWN } },
      "imageScanningConfiguration.scanOnPush",
    ],
  },
  {
    policy: enableEcrKmsEncryption,
    type: REPOSITORY,
    baseline: { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }] },
    failing: [
      [
        { encryptionConfigurations: undefined },
        "encryptionConfigurations is not set: images are encrypted with AES256, not KMS",
      ],
      [
        { encryptionConfigurations: [{ encryptionType: "AES256" }] },
        'encryptionConfigurations[0].encryptionType is "AES256", not KMS',
      ],
      [
        { encryptionConfigurations: [{}] },
        "encryptionConfigurations[0].encryptionType is not set (default AES256), not KMS",
      ],
    ],
    unknown: [
      { encryptionConfigurations: [{ encryptionType: UNKNOWN }] },
      "encryptionConfigurations[0].encryptionType",
    ],
  },
]);
