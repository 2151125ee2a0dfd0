import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";
import { DOMAIN_TYPES } from "./enable-opensearch-encryption-at-rest";

/**
 * Risk: without node-to-node encryption, the traffic between the domain's nodes (every document
 * and query) crosses the VPC in clear text; it can only be turned on for new domains on
 * Elasticsearch 6.0 or later.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html
 */
export const enableOpensearchNodeToNodeEncryption = resourcePolicy({
  name: "enable-opensearch-node-to-node-encryption",
  description: "OpenSearch (and Elasticsearch) domains encrypt the traffic between their nodes.",
  remediationSteps: "Set nodeToNodeEncryption.enabled to true.",
  url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-OS2"] },
  types: DOMAIN_TYPES,
  check: ({ props, report, unknown }) => {
    const options = props.nodeToNodeEncryption as { enabled?: unknown } | undefined;
    if (isUnknown(options)) return unknown("nodeToNodeEncryption");
    if (isUnknown(options?.enabled)) return unknown("nodeToNodeEncryption.enabled");
    if (options?.enabled !== true) {
      report(
        options === undefined
          ? "nodeToNodeEncryption is not set: traffic between the nodes is not encrypted"
          : "nodeToNodeEncryption.enabled is false: traffic between the nodes is not encrypted",
      );
    }
  },
});
