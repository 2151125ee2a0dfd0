import { disallowEc2OpenAdminPorts } from "./disallow-ec2-open-admin-ports";
import { disallowEc2PublicIp } from "./disallow-ec2-public-ip";
import { enableEbsEncryption } from "./enable-ebs-encryption";
import { enforceEc2Imdsv2 } from "./enforce-ec2-imdsv2";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases, type PolicyCase } from "../test/policy-cases";
import { runResourcePolicy, urnOf } from "../test/run-policy";

const VOLUME = "aws:ebs/volume:Volume";
const INSTANCE = "aws:ec2/instance:Instance";
const SPOT_INSTANCE = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const NOT_BY_DEFAULT =
  "the volume is encrypted only if EBS encryption by default is on in the account and region";
const INSTANCE_BASE = { ami: "ami-0abc", instanceType: "t3.micro", subnetId: "subnet-1" };

const imdsv2 = (type: string): PolicyCase => ({
  policy: enforceEc2Imdsv2,
  type,
  baseline: { metadataOptions: { httpTokens: "required" } },
  failing: [
    [
      { metadataOptions: { httpTokens: "optional" } },
      'metadataOptions.httpTokens is "optional": IMDSv1 is accepted',
    ],
    [
      { metadataOptions: undefined },
      "metadataOptions.httpTokens is not set: IMDSv1 is accepted unless the AMI or the account defaults require IMDSv2",
    ],
  ],
  unknown: [{ metadataOptions: { httpTokens: UNKNOWN } }, "metadataOptions.httpTokens"],
});

const world = (rule: Record<string, unknown>) => ({ cidrBlocks: ["0.0.0.0/0"], ...rule });
const tcp = (fromPort: number, toPort = fromPort) => ({ protocol: "tcp", fromPort, toPort });

describePolicyCases([
  {
    policy: enableEbsEncryption,
    type: VOLUME,
    baseline: { availabilityZone: "us-east-1a", size: 20, encrypted: true },
    failing: [
      [{ encrypted: false }, "encrypted is false: the volume is not encrypted"],
      [{ encrypted: undefined }, `encrypted is not set: ${NOT_BY_DEFAULT}`],
    ],
    unknown: [{ encrypted: UNKNOWN }, "encrypted"],
  },
  ...[INSTANCE, SPOT_INSTANCE, LAUNCH_CONFIGURATION].map((type): PolicyCase => ({
    policy: enableEbsEncryption,
    type,
    baseline: {
      ...INSTANCE_BASE,
      rootBlockDevice: { encrypted: true, volumeSize: 20 },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
    },
    failing: [
      [
        { rootBlockDevice: { encrypted: false } },
        "rootBlockDevice.encrypted is false: the volume is not encrypted",
      ],
      [
        { rootBlockDevice: undefined },
        "rootBlockDevice is not set: the root volume is encrypted only if the AMI's snapshot is or EBS encryption by default is on",
      ],
      [
        {
          ebsBlockDevices: [
            { deviceName: "/dev/sdf", encrypted: true },
            { deviceName: "/dev/sdg", volumeSize: 100 },
          ],
        },
        `ebsBlockDevices[1].encrypted is not set: ${NOT_BY_DEFAULT}`,
      ],
    ],
    unknown: [{ rootBlockDevice: UNKNOWN }, "rootBlockDevice"],
  })),
  {
    policy: enableEbsEncryption,
    type: LAUNCH_TEMPLATE,
    baseline: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] },
    failing: [
      [
        { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] },
        "blockDeviceMappings[0].ebs.encrypted is false: the volume is not encrypted",
      ],
      [
        { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] },
        `blockDeviceMappings[0].ebs.encrypted is not set: ${NOT_BY_DEFAULT}`,
      ],
    ],
    unknown: [
      { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: UNKNOWN } }] },
      "blockDeviceMappings[0].ebs.encrypted",
    ],
  },
  imdsv2(INSTANCE),
  imdsv2(SPOT_INSTANCE),
  imdsv2(LAUNCH_TEMPLATE),
  imdsv2(LAUNCH_CONFIGURATION),
  ...[INSTANCE, SPOT_INSTANCE].map((type): PolicyCase => ({
    policy: disallowEc2PublicIp,
    type,
    baseline: { ...INSTANCE_BASE, associatePublicIpAddress: false },
    failing: [
      [
        { associatePublicIpAddress: true },
        "associatePublicIpAddress is true: the instance gets a public IP address",
      ],
      [
        { subnetId: undefined, associatePublicIpAddress: undefined },
        "subnetId is not set: the instance launches in the default VPC, whose subnets give it a public IP address",
      ],
    ],
    unknown: [{ associatePublicIpAddress: UNKNOWN }, "associatePublicIpAddress"],
  })),
  {
    policy: disallowEc2PublicIp,
    type: LAUNCH_TEMPLATE,
    baseline: { networkInterfaces: [{ associatePublicIpAddress: "false", subnetId: "subnet-1" }] },
    failing: [
      [
        { networkInterfaces: [{ associatePublicIpAddress: "true" }] },
        'networkInterfaces[0].associatePublicIpAddress is "true": instances launched from it get a public IP address',
      ],
    ],
    unknown: [
      { networkInterfaces: [{ associatePublicIpAddress: UNKNOWN }] },
      "networkInterfaces[0].associatePublicIpAddress",
    ],
  },
  {
    policy: disallowEc2PublicIp,
    type: LAUNCH_CONFIGURATION,
    baseline: { imageId: "ami-0abc", instanceType: "t3.micro", associatePublicIpAddress: false },
    failing: [
      [
        { associatePublicIpAddress: true },
        "associatePublicIpAddress is true: the instance gets a public IP address",
      ],
    ],
    unknown: [{ associatePublicIpAddress: UNKNOWN }, "associatePublicIpAddress"],
  },
  {
    policy: disallowEc2OpenAdminPorts,
    type: SECURITY_GROUP,
    baseline: {
      ingress: [world(tcp(443)), { ...tcp(22), cidrBlocks: ["10.0.0.0/8"] }],
    },
    failing: [
      [{ ingress: [world(tcp(22))] }, "ingress[0] opens port 22 (SSH) to 0.0.0.0/0"],
      [
        { ingress: [{ ...tcp(3389), ipv6CidrBlocks: ["::/0"] }] },
        "ingress[0] opens port 3389 (RDP) to ::/0",
      ],
      [
        {
          ingress: [
            {
              protocol: "-1",
              fromPort: 0,
              toPort: 0,
              cidrBlocks: ["0.0.0.0/0"],
              ipv6CidrBlocks: ["::/0"],
            },
          ],
        },
        "ingress[0] opens all ports to 0.0.0.0/0, ::/0",
      ],
      [{ ingress: [world(tcp(0, 65535))] }, "ingress[0] opens all ports to 0.0.0.0/0"],
      [
        { ingress: [world(tcp(3300, 3400))] },
        "ingress[0] opens ports 3306 (MySQL), 3389 (RDP) to 0.0.0.0/0",
      ],
      [
        { ingress: [world(tcp(443)), world({ ...tcp(5432), protocol: "6" })] },
        "ingress[1] opens port 5432 (PostgreSQL) to 0.0.0.0/0",
      ],
      [
        { ingress: [world(tcp(22)), world({ ...tcp(6379), protocol: "udp" })] },
        [
          "ingress[0] opens port 22 (SSH) to 0.0.0.0/0",
          "ingress[1] opens port 6379 (Redis) to 0.0.0.0/0",
        ],
      ],
    ],
    unknown: [{ ingress: [{ ...tcp(22), cidrBlocks: [UNKNOWN] }] }, "ingress[0].cidrBlocks"],
  },
  {
    policy: disallowEc2OpenAdminPorts,
    type: DEFAULT_SECURITY_GROUP,
    baseline: { vpcId: "vpc-1", ingress: [{ ...tcp(22), cidrBlocks: ["10.0.0.0/8"] }] },
    failing: [
      [{ ingress: [world(tcp(22))] }, "ingress[0] opens port 22 (SSH) to 0.0.0.0/0"],
      [
        { ingress: [world({ protocol: "-1", fromPort: 0, toPort: 0 })] },
        "ingress[0] opens all ports to 0.0.0.0/0",
      ],
    ],
    unknown: [{ ingress: UNKNOWN }, "ingress"],
  },
  {
    policy: disallowEc2OpenAdminPorts,
    type: SECURITY_GROUP_RULE,
    baseline: { type: "ingress", securityGroupId: "sg-1", ...world(tcp(443)) },
    failing: [
      [tcp(22), "opens port 22 (SSH) to 0.0.0.0/0"],
      [{ protocol: "-1", fromPort: 0, toPort: 0 }, "opens all ports to 0.0.0.0/0"],
    ],
    unknown: [{ cidrBlocks: UNKNOWN }, "cidrBlocks"],
  },
  {
    policy: disallowEc2OpenAdminPorts,
    type: INGRESS_RULE,
    baseline: {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    },
    failing: [
      [{ fromPort: 22, toPort: 22 }, "opens port 22 (SSH) to 0.0.0.0/0"],
      [
        {
          ipProtocol: "-1",
          fromPort: undefined,
          toPort: undefined,
          cidrIpv4: undefined,
          cidrIpv6: "::/0",
        },
        "opens all ports to ::/0",
      ],
    ],
    unknown: [{ fromPort: UNKNOWN, toPort: 22 }, "fromPort"],
  },
]);

const violationsOf = async (
  policy: Parameters<typeof runResourcePolicy>[0],
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
) => (await runResourcePolicy(policy, { type, name: "r", props }, config)).violations;

describe("enable-ebs-encryption", () => {
  const byDefault = { "enable-ebs-encryption": { encryptionByDefault: true } };

  test("with encryptionByDefault, unset values pass and an explicit false still fails", async () => {
    expect(await violationsOf(enableEbsEncryption, VOLUME, { size: 20 }, byDefault)).toEqual([]);
    expect(await violationsOf(enableEbsEncryption, INSTANCE, INSTANCE_BASE, byDefault)).toEqual([]);
    expect(
      await violationsOf(enableEbsEncryption, VOLUME, { encrypted: false }, byDefault),
    ).toEqual([
      { urn: urnOf(VOLUME, "r"), message: "encrypted is false: the volume is not encrypted" },
    ]);
  });

  test("an instance launched from a template without its own root device takes the template's", async () => {
    const props = { launchTemplate: { id: "lt-1", version: "$Latest" } };
    expect(await violationsOf(enableEbsEncryption, INSTANCE, props)).toEqual([]);
  });

  test("a launch template without block device mappings leaves the root volume to its AMI", async () => {
    expect(
      await violationsOf(enableEbsEncryption, LAUNCH_TEMPLATE, { imageId: "ami-0abc" }),
    ).toEqual([]);
  });
});

describe("enforce-ec2-imdsv2", () => {
  test("an instance with the metadata endpoint off passes", async () => {
    const props = { metadataOptions: { httpEndpoint: "disabled", httpTokens: "optional" } };
    expect(await violationsOf(enforceEc2Imdsv2, INSTANCE, props)).toEqual([]);
  });

  test("an instance launched from a template without its own metadataOptions takes the template's", async () => {
    const props = { launchTemplate: { name: "web", version: "$Default" } };
    expect(await violationsOf(enforceEc2Imdsv2, INSTANCE, props)).toEqual([]);
  });
});

describe("disallow-ec2-public-ip", () => {
  test("an instance in a subnet without associatePublicIpAddress follows the subnet and passes", async () => {
    expect(await violationsOf(disallowEc2PublicIp, INSTANCE, INSTANCE_BASE)).toEqual([]);
  });

  test("an instance in the default VPC that sets associatePublicIpAddress: false passes", async () => {
    const props = { ami: "ami-0abc", associatePublicIpAddress: false };
    expect(await violationsOf(disallowEc2PublicIp, INSTANCE, props)).toEqual([]);
  });
});

describe("disallow-ec2-open-admin-ports", () => {
  test("egress rules, ICMP and rules from private networks are not judged", async () => {
    for (const props of [
      { type: "egress", ...world({ protocol: "-1", fromPort: 0, toPort: 0 }) },
      { type: "ingress", ...world({ protocol: "icmp", fromPort: -1, toPort: -1 }) },
      { type: "ingress", ...tcp(22), cidrBlocks: ["192.168.0.0/16"], ipv6CidrBlocks: ["fd00::/8"] },
      { type: "ingress", ...tcp(22), sourceSecurityGroupId: "sg-2" },
    ]) {
      expect(await violationsOf(disallowEc2OpenAdminPorts, SECURITY_GROUP_RULE, props)).toEqual([]);
    }
  });

  test("the ports config replaces the admin ports", async () => {
    const config = { "disallow-ec2-open-admin-ports": { ports: [8080] } };
    const rule = (port: number) => ({ type: "ingress", ...world(tcp(port)) });
    expect(
      await violationsOf(disallowEc2OpenAdminPorts, SECURITY_GROUP_RULE, rule(22), config),
    ).toEqual([]);
    expect(
      await violationsOf(disallowEc2OpenAdminPorts, SECURITY_GROUP_RULE, rule(8080), config),
    ).toEqual([{ urn: urnOf(SECURITY_GROUP_RULE, "r"), message: "opens port 8080 to 0.0.0.0/0" }]);
  });
});
