import { isUnknown } from "./unknown";

/**
 * Ports that administer a host or serve a database, which no security group should open to the
 * whole internet: the union of AWS Config `restricted-common-ports` (20, 21, 3389, 3306, 4333),
 * cdk-nag `EC2RestrictedSSH`/`EC2RestrictedCommonPorts` and Security Hub EC2.19's high-risk ports,
 * plus the default ports of the common databases and caches.
 */
export const ADMIN_PORTS: Readonly<Record<number, string>> = {
  20: "FTP data",
  21: "FTP",
  22: "SSH",
  23: "Telnet",
  135: "Windows RPC",
  445: "SMB",
  1433: "SQL Server",
  1434: "SQL Server browser",
  1521: "Oracle",
  2375: "Docker API",
  2376: "Docker API (TLS)",
  2379: "etcd",
  3306: "MySQL",
  3389: "RDP",
  4333: "mSQL",
  5432: "PostgreSQL",
  5601: "Kibana",
  5900: "VNC",
  5985: "WinRM",
  5986: "WinRM (TLS)",
  6379: "Redis",
  6443: "Kubernetes API",
  9200: "Elasticsearch/OpenSearch",
  9300: "Elasticsearch/OpenSearch transport",
  11211: "Memcached",
  27017: "MongoDB",
};

/** One ingress permission, whichever resource declared it. */
export interface IngressPermission {
  /** Where it is, for the message: `ingress[2]`, or empty for a rule resource. */
  readonly where: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  /** IPv4 and IPv6 CIDRs, in the order declared. */
  readonly cidrs: readonly unknown[];
}

/** CIDRs that cover every address: `0.0.0.0/0`, `::/0`. */
export const isWorld = (cidr: unknown): boolean =>
  typeof cidr === "string" && /\/0$/.test(cidr.trim());

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

export type PortVerdict =
  | { readonly kind: "unknown"; readonly property: string }
  | { readonly kind: "none" }
  | { readonly kind: "all" }
  | { readonly kind: "ports"; readonly ports: readonly number[] };

/**
 * What a permission opens among `ports`: all ports (protocol `-1`, or a TCP/UDP range 0–65535),
 * some of them, none (ICMP and other protocols have no ports), or unknown during preview.
 */
export function openedPorts(permission: IngressPermission, ports: readonly number[]): PortVerdict {
  const at = (property: string) =>
    permission.where ? `${permission.where}.${property}` : property;
  if (isUnknown(permission.protocol)) return { kind: "unknown", property: at("protocol") };
  const protocol = String(permission.protocol).toLowerCase();
  if (ALL_PROTOCOLS.has(protocol)) return { kind: "all" };
  if (!PORT_PROTOCOLS.has(protocol)) return { kind: "none" };
  if (isUnknown(permission.fromPort)) return { kind: "unknown", property: at("fromPort") };
  if (isUnknown(permission.toPort)) return { kind: "unknown", property: at("toPort") };
  const from = Number(permission.fromPort ?? 0);
  const to = Number(permission.toPort ?? from);
  if (from <= 0 && to >= 65535) return { kind: "all" };
  const opened = ports.filter((port) => port >= from && port <= to);
  return opened.length > 0 ? { kind: "ports", ports: opened } : { kind: "none" };
}

/** `port 22 (SSH)`, `ports 22 (SSH), 3389 (RDP)`. */
export function describePorts(ports: readonly number[]): string {
  const named = ports.map((port) =>
    ADMIN_PORTS[port] ? `${port} (${ADMIN_PORTS[port]})` : `${port}`,
  );
  return `${ports.length === 1 ? "port" : "ports"} ${named.join(", ")}`;
}
