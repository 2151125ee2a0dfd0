import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";
import { DOMAIN_TYPES } from "./enable-opensearch-encryption-at-rest";

/** The TLS security policies of a domain endpoint that refuse TLS 1.0 and 1.1. */
export const OPENSEARCH_TLS12_POLICIES = [
  "Policy-Min-TLS-1-2-2019-07",
  "Policy-Min-TLS-1-2-PFS-2023-10",
];

/**
 * Risk: a domain endpoint that accepts plain HTTP, or TLS 1.0/1.1, exposes queries, documents and
 * credentials on the wire. Without `domainEndpointOptions` the API creates the domain with HTTPS
 * not enforced and the TLS 1.0 policy, so both must be set.
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
 */
export const enforceOpensearchHttps = resourcePolicy({
  name: "enforce-opensearch-https",
  description:
    "OpenSearch (and Elasticsearch) domain endpoints require HTTPS with TLS 1.2 or later.",
  remediationSteps:
    'Set domainEndpointOptions.enforceHttps to true and domainEndpointOptions.tlsSecurityPolicy to "Policy-Min-TLS-1-2-PFS-2023-10" (or "Policy-Min-TLS-1-2-2019-07").',
  url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {},
  types: DOMAIN_TYPES,
  check: ({ props, report, unknown }) => {
    const options = props.domainEndpointOptions as
      { enforceHttps?: unknown; tlsSecurityPolicy?: unknown } | undefined;
    if (isUnknown(options)) return unknown("domainEndpointOptions");
    if (options === undefined) {
      report(
        "domainEndpointOptions is not set: the endpoint accepts plain HTTP and TLS 1.0 by default",
      );
      return;
    }
    if (isUnknown(options.enforceHttps)) unknown("domainEndpointOptions.enforceHttps");
    else if (options.enforceHttps === false) {
      report("domainEndpointOptions.enforceHttps is false: the endpoint accepts plain HTTP");
    }
    const policy = options.tlsSecurityPolicy;
    if (isUnknown(policy)) unknown("domainEndpointOptions.tlsSecurityPolicy");
    else if (policy === undefined) {
      report(
        "domainEndpointOptions.tlsSecurityPolicy is not set: the endpoint accepts TLS 1.0 by default",
      );
    } else if (!OPENSEARCH_TLS12_POLICIES.includes(String(policy))) {
      report(
        `domainEndpointOptions.tlsSecurityPolicy is "${String(policy)}", which accepts TLS before 1.2`,
      );
    }
  },
});
