import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";
import { CACHE_CLUSTER, REPLICATION_GROUP } from "./enable-elasticache-encryption-at-rest";

/**
 * Risk: without TLS, commands, cached values and the AUTH token cross the network in clear text.
 * A replication group sets `transitEncryptionEnabled` (off by default); `transitEncryptionMode`
 * `preferred` still accepts plain connections and is only a migration step. A standalone Cluster
 * can encrypt in transit only with Memcached 1.6.12 or later; a standalone Redis Cluster cannot.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
 */
export const enableElasticacheEncryptionInTransit = resourcePolicy({
  name: "enable-elasticache-encryption-in-transit",
  description: "ElastiCache replication groups and clusters accept TLS connections only.",
  remediationSteps:
    'Set transitEncryptionEnabled to true (and leave transitEncryptionMode unset or "required"); a standalone Redis Cluster must become a ReplicationGroup.',
  url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-AEC3"] },
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: ({ type, props, report, unknown }) => {
    if (type === CACHE_CLUSTER) {
      if (isUnknown(props.replicationGroupId)) return unknown("replicationGroupId");
      if (props.replicationGroupId) return;
      if (isUnknown(props.engine)) return unknown("engine");
      if (props.engine !== "memcached") {
        report(
          `a standalone ${String(props.engine ?? "cache")} cluster cannot encrypt in transit: use a ReplicationGroup with transitEncryptionEnabled`,
        );
        return;
      }
    }
    const enabled = props.transitEncryptionEnabled;
    if (isUnknown(enabled)) return unknown("transitEncryptionEnabled");
    if (enabled !== true) {
      report(
        `transitEncryptionEnabled is ${enabled === false ? "false" : "not set"}: connections are not encrypted`,
      );
      return;
    }
    if (type === REPLICATION_GROUP) {
      if (isUnknown(props.transitEncryptionMode)) return unknown("transitEncryptionMode");
      if (props.transitEncryptionMode === "preferred") {
        report('transitEncryptionMode is "preferred": plain connections are still accepted');
      }
    }
  },
});
