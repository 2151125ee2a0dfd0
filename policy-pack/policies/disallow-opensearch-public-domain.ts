import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";
import { DOMAIN_TYPES } from "./enable-opensearch-encryption-at-rest";

/**
 * Risk: a domain outside a VPC has a public endpoint that anyone on the internet can reach; only
 * its access policy stands between the internet and the data. A domain cannot move into a VPC
 * after it is created.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html
 */
export const disallowOpensearchPublicDomain = resourcePolicy({
  name: "disallow-opensearch-public-domain",
  description: "OpenSearch (and Elasticsearch) domains run inside a VPC, with no public endpoint.",
  remediationSteps:
    "Set vpcOptions.subnetIds (and securityGroupIds) to place the domain in your VPC; exempt a domain that must be public, with the reason.",
  url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { awsguard: ["elasticsearch-in-vpc-only"], cdkNag: ["AwsSolutions-OS1"] },
  types: DOMAIN_TYPES,
  check: ({ props, report, unknown }) => {
    const options = props.vpcOptions as { subnetIds?: unknown } | undefined;
    if (isUnknown(options)) return unknown("vpcOptions");
    if (isUnknown(options?.subnetIds)) return unknown("vpcOptions.subnetIds");
    const subnets = options?.subnetIds;
    if (!Array.isArray(subnets) || subnets.length === 0) {
      report(
        options === undefined
          ? "vpcOptions is not set: the domain has a public endpoint"
          : "vpcOptions.subnetIds is empty: the domain has a public endpoint",
      );
    }
  },
});
