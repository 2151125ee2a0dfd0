import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

export const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const CACHE_CLUSTER = "aws:elasticache/cluster:Cluster";

/**
 * Risk: cache nodes and their backups hold session tokens and cached records in clear text.
 * Encryption at rest is a setting of a Redis/Valkey replication group (off by default for Redis,
 * on for Valkey), chosen when it is created; a standalone `aws.elasticache.Cluster` (Redis or
 * Memcached) cannot be encrypted at rest, while a Cluster that joins a replication group inherits
 * the group's setting. `aws.elasticache.ServerlessCache` is always encrypted.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
 */
export const enableElasticacheEncryptionAtRest = resourcePolicy({
  name: "enable-elasticache-encryption-at-rest",
  description: "ElastiCache replication groups encrypt their data at rest; no unencrypted cluster.",
  remediationSteps:
    "Set atRestEncryptionEnabled to true on the ReplicationGroup (kmsKeyId for a customer key); replace a standalone Cluster with a ReplicationGroup or a ServerlessCache.",
  url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-AEC3"] },
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: ({ type, props, report, unknown }) => {
    if (type === CACHE_CLUSTER) {
      if (isUnknown(props.replicationGroupId)) return unknown("replicationGroupId");
      if (props.replicationGroupId) return;
      if (isUnknown(props.engine)) return unknown("engine");
      report(
        `a standalone ${String(props.engine ?? "cache")} cluster cannot be encrypted at rest: use a ReplicationGroup with atRestEncryptionEnabled or a ServerlessCache`,
      );
      return;
    }
    const enabled = props.atRestEncryptionEnabled;
    if (isUnknown(enabled)) return unknown("atRestEncryptionEnabled");
    if (enabled === true) return;
    if (enabled === false) {
      report("atRestEncryptionEnabled is false: the cache is not encrypted at rest");
      return;
    }
    if (isUnknown(props.engine)) return unknown("engine");
    if (props.engine !== "valkey") {
      report(
        "atRestEncryptionEnabled is not set: a Redis replication group is not encrypted at rest by default",
      );
    }
  },
});
