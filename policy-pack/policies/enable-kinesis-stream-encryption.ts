import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a stream's records sit in its shards for the whole retention period; without server-side
 * encryption (`encryptionType` defaults to `NONE`) they are stored in clear text.
 * https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html
 */
export const enableKinesisStreamEncryption = resourcePolicy({
  name: "enable-kinesis-stream-encryption",
  description: "Kinesis data streams encrypt their records with KMS.",
  remediationSteps:
    'Set encryptionType to "KMS" and kmsKeyId to your key (or "alias/aws/kinesis").',
  url: "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-KDS1"] },
  types: ["aws:kinesis/stream:Stream"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.encryptionType)) return unknown("encryptionType");
    if (props.encryptionType !== "KMS") {
      report(
        `encryptionType is ${props.encryptionType === undefined ? "not set (NONE)" : `"${String(props.encryptionType)}"`}: records are not encrypted`,
      );
      return;
    }
    if (isUnknown(props.kmsKeyId)) return unknown("kmsKeyId");
    if (!props.kmsKeyId) report('encryptionType is "KMS" but kmsKeyId is not set');
  },
});
