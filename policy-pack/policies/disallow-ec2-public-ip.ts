import { resourcePolicy } from "../lib/define";
import { flagValue } from "../lib/flag";
import { isUnknown } from "../lib/unknown";

const INSTANCE_TYPES = [
  "aws:ec2/instance:Instance",
  "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
];
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * Risk: an instance addressable from the internet, whose exposure then rests on every security
 * group rule alone. Reported: `associatePublicIpAddress: true` on an instance, spot instance
 * request or launch configuration, `"true"` on a launch template's network interface, and an
 * instance with no subnet, network interface or launch template, which lands in the default VPC,
 * whose subnets give every instance a public IP. Otherwise an unset `associatePublicIpAddress`
 * follows the subnet's `mapPublicIpOnLaunch`. An instance that must be public (a bastion, a
 * game server) takes an exemption with its reason.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses
 */
export const disallowEc2PublicIp = resourcePolicy({
  name: "disallow-ec2-public-ip",
  description: "EC2 instances and launch templates do not get a public IP address.",
  remediationSteps:
    "Set associatePublicIpAddress: false and launch into a private subnet (subnetId); put a load balancer or SSM Session Manager in front. An instance that must be public takes an exemption with its reason.",
  url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    awsguard: ["ec2-instance-no-public-ip"],
    compliancePolicies: [
      "aws-ec2-instance-disallow-public-ip",
      "aws-ec2-launchtemplate-disallow-public-ip",
      "aws-ec2-launchconfiguration-disallow-public-ip",
    ],
    cdkNag: [
      "NIST.800.53.R5-EC2InstanceNoPublicIp",
      "NIST.800.53.R5-AutoScalingLaunchConfigPublicIpDisabled",
    ],
  },
  types: [...INSTANCE_TYPES, LAUNCH_TEMPLATE, "aws:ec2/launchConfiguration:LaunchConfiguration"],
  check: ({ type, props, report, unknown }) => {
    if (type === LAUNCH_TEMPLATE) {
      if (isUnknown(props.networkInterfaces)) return unknown("networkInterfaces");
      const interfaces = (props.networkInterfaces ?? []) as Record<string, unknown>[];
      interfaces.forEach((networkInterface, index) => {
        const where = `networkInterfaces[${index}].associatePublicIpAddress`;
        if (isUnknown(networkInterface.associatePublicIpAddress)) unknown(where);
        else if (flagValue(networkInterface.associatePublicIpAddress) === true) {
          report(`${where} is "true": instances launched from it get a public IP address`);
        }
      });
      return;
    }
    const associate = props.associatePublicIpAddress;
    if (isUnknown(associate)) return unknown("associatePublicIpAddress");
    if (associate === true) {
      return report("associatePublicIpAddress is true: the instance gets a public IP address");
    }
    const inDefaultVpc =
      INSTANCE_TYPES.includes(type) &&
      associate === undefined &&
      !props.subnetId &&
      !props.networkInterfaces &&
      !props.primaryNetworkInterface &&
      !props.launchTemplate;
    if (inDefaultVpc) {
      report(
        "subnetId is not set: the instance launches in the default VPC, whose subnets give it a public IP address",
      );
    }
  },
});
