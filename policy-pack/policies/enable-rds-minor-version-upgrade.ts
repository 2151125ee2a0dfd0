import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: engine security fixes never applied. `autoMinorVersionUpgrade` defaults to true, so only
 * turning it off is reported. Aurora sets it per cluster instance; `aws.rds.Cluster` carries it for
 * Multi-AZ DB clusters. Advisory: some teams pin minor versions and patch on their own schedule.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades
 */
export const enableRdsMinorVersionUpgrade = resourcePolicy({
  name: "enable-rds-minor-version-upgrade",
  description: "RDS databases apply minor engine upgrades automatically.",
  remediationSteps: "Remove autoMinorVersionUpgrade or set it to true.",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { cdkNag: ["HIPAA.Security-RDSAutomaticMinorVersionUpgradeEnabled"] },
  types: [
    "aws:rds/instance:Instance",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:rds/cluster:Cluster",
  ],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.autoMinorVersionUpgrade)) unknown("autoMinorVersionUpgrade");
    else if (props.autoMinorVersionUpgrade === false) {
      report(
        "autoMinorVersionUpgrade is false: minor versions with security fixes are not applied",
      );
    }
  },
});
