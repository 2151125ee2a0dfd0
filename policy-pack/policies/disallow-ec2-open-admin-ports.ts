import { resourcePolicy } from "../lib/define";
import {
  ADMIN_PORTS,
  describePorts,
  isWorld,
  openedPorts,
  type IngressPermission,
} from "../lib/ingress";
import { isUnknown } from "../lib/unknown";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const DEFAULT_PORTS = Object.keys(ADMIN_PORTS).map(Number);

/** The list of CIDRs of one permission, or the property that is unknown. */
function cidrsOf(
  values: [string, unknown][],
  unknown: (property: string) => void,
): unknown[] | undefined {
  const cidrs: unknown[] = [];
  for (const [property, value] of values) {
    if (value === undefined || value === null) continue;
    if (isUnknown(value) || (Array.isArray(value) && value.some(isUnknown))) {
      unknown(property);
      return undefined;
    }
    cidrs.push(...(Array.isArray(value) ? value : [value]));
  }
  return cidrs;
}

/**
 * Risk: SSH, RDP, a database or every port reachable from any address on the internet, the first
 * thing scanners try. Checked on the inline `ingress` of `aws.ec2.SecurityGroup` and
 * `aws.ec2.DefaultSecurityGroup` (which adopts a VPC's default group and its rules), on
 * `aws.ec2.SecurityGroupRule` of type ingress, and on `aws.vpc.SecurityGroupIngressRule` (the
 * resource AWS provider v5+ recommends). The ports are `ADMIN_PORTS` (`policy-pack/lib/ingress.ts`)
 * unless the `ports` config replaces them; protocol `-1` or a TCP/UDP range 0–65535 is "all ports".
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
export const disallowEc2OpenAdminPorts = resourcePolicy({
  name: "disallow-ec2-open-admin-ports",
  description:
    "Security group ingress opens no admin or database port, nor all ports, to 0.0.0.0/0 or ::/0.",
  remediationSteps:
    "Narrow cidrBlocks/ipv6CidrBlocks (cidrIpv4/cidrIpv6 on aws.vpc.SecurityGroupIngressRule) to the networks that need the port, or reference a security group or prefix list; reach hosts with SSM Session Manager rather than SSH or RDP.",
  url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {
    compliancePolicies: ["aws-ec2-securitygroup-disallow-public-internet-ingress"],
    cdkNag: [
      "AwsSolutions-EC23",
      "NIST.800.53.R5-EC2RestrictedSSH",
      "NIST.800.53.R5-EC2RestrictedCommonPorts",
    ],
  },
  config: {
    ports: {
      type: "array",
      description:
        "The ports no rule may open to the world; defaults to the admin and database ports.",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: DEFAULT_PORTS,
    },
  },
  types: [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, INGRESS_RULE],
  check: ({ type, props, config, report, unknown }) => {
    const ports = config.ports as number[];
    const permissions: IngressPermission[] = [];
    if (type === SECURITY_GROUP || type === DEFAULT_SECURITY_GROUP) {
      if (isUnknown(props.ingress)) return unknown("ingress");
      const ingress = (props.ingress ?? []) as Record<string, unknown>[];
      ingress.forEach((rule, index) => {
        const where = `ingress[${index}]`;
        const cidrs = cidrsOf(
          [
            [`${where}.cidrBlocks`, rule.cidrBlocks],
            [`${where}.ipv6CidrBlocks`, rule.ipv6CidrBlocks],
          ],
          unknown,
        );
        if (cidrs) permissions.push({ where, ...portsOf(rule, "protocol"), cidrs });
      });
    } else if (type === SECURITY_GROUP_RULE) {
      if (isUnknown(props.type)) return unknown("type");
      if (props.type !== "ingress") return;
      const cidrs = cidrsOf(
        [
          ["cidrBlocks", props.cidrBlocks],
          ["ipv6CidrBlocks", props.ipv6CidrBlocks],
        ],
        unknown,
      );
      if (cidrs) permissions.push({ where: "", ...portsOf(props, "protocol"), cidrs });
    } else {
      const cidrs = cidrsOf(
        [
          ["cidrIpv4", props.cidrIpv4],
          ["cidrIpv6", props.cidrIpv6],
        ],
        unknown,
      );
      if (cidrs) permissions.push({ where: "", ...portsOf(props, "ipProtocol"), cidrs });
    }
    for (const permission of permissions) {
      const world = permission.cidrs.filter(isWorld);
      if (world.length === 0) continue;
      const verdict = openedPorts(permission, ports);
      const subject = permission.where ? `${permission.where} opens` : "opens";
      if (verdict.kind === "unknown") unknown(verdict.property);
      else if (verdict.kind === "all") report(`${subject} all ports to ${world.join(", ")}`);
      else if (verdict.kind === "ports") {
        report(`${subject} ${describePorts(verdict.ports)} to ${world.join(", ")}`);
      }
    }
  },
});

function portsOf(rule: Record<string, unknown>, protocolKey: string) {
  return { protocol: rule[protocolKey], fromPort: rule.fromPort, toPort: rule.toPort };
}
