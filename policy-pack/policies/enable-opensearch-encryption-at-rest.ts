import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/** The OpenSearch domain types: `aws.opensearch.Domain` and the legacy `aws.elasticsearch.Domain`. */
export const DOMAIN_TYPES = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];

/**
 * Risk: a domain without encryption at rest keeps its indices, logs, swap files and automated
 * snapshots readable to anyone who reaches the storage; it can only be turned on when the domain
 * is created (enabling it later replaces the domain).
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html
 */
export const enableOpensearchEncryptionAtRest = resourcePolicy({
  name: "enable-opensearch-encryption-at-rest",
  description: "OpenSearch (and Elasticsearch) domains encrypt their data at rest.",
  remediationSteps: "Set encryptAtRest.enabled to true (and kmsKeyId for a customer key).",
  url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { awsguard: ["elasticsearch-encrypted-at-rest"], cdkNag: ["AwsSolutions-OS8"] },
  types: DOMAIN_TYPES,
  check: ({ props, report, unknown }) => {
    const options = props.encryptAtRest as { enabled?: unknown } | undefined;
    if (isUnknown(options)) return unknown("encryptAtRest");
    if (isUnknown(options?.enabled)) return unknown("encryptAtRest.enabled");
    if (options?.enabled !== true) {
      report(
        options === undefined
          ? "encryptAtRest is not set: the domain's data is not encrypted at rest"
          : "encryptAtRest.enabled is false: the domain's data is not encrypted at rest",
      );
    }
  },
});
