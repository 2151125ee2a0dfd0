import { disallowRedshiftPublicAccess } from "./disallow-redshift-public-access";
import { enableEfsEncryption } from "./enable-efs-encryption";
import { enableRedshiftEncryption } from "./enable-redshift-encryption";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases } from "../test/policy-cases";
import { runResourcePolicy } from "../test/run-policy";

const CLUSTER = "aws:redshift/cluster:Cluster";
const CLUSTER_BASE = { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus" };

describePolicyCases([
  {
    policy: enableEfsEncryption,
    type: "aws:efs/fileSystem:FileSystem",
    baseline: { encrypted: true },
    failing: [
      [{ encrypted: false }, "encrypted is false: the file system is not encrypted"],
      [
        { encrypted: undefined },
        "encrypted is not set (default false): the file system is not encrypted",
      ],
    ],
    unknown: [{ encrypted: UNKNOWN }, "encrypted"],
  },
  {
    policy: enableRedshiftEncryption,
    type: CLUSTER,
    baseline: { ...CLUSTER_BASE, encrypted: "true" },
    failing: [
      [{ encrypted: "false" }, "encrypted is false: the cluster is not encrypted at rest"],
      [{ encrypted: false }, "encrypted is false: the cluster is not encrypted at rest"],
    ],
    unknown: [{ encrypted: UNKNOWN }, "encrypted"],
  },
  ...[CLUSTER, "aws:redshiftserverless/workgroup:Workgroup"].map((type) => ({
    policy: disallowRedshiftPublicAccess,
    type,
    baseline: { publiclyAccessible: false },
    failing: [
      [
        { publiclyAccessible: true },
        "publiclyAccessible is true: the endpoint resolves to a public IP address",
      ],
    ] as const,
    unknown: [{ publiclyAccessible: UNKNOWN }, "publiclyAccessible"] as const,
  })),
]);

test("a Redshift cluster without encrypted is encrypted by default and passes", async () => {
  const run = await runResourcePolicy(enableRedshiftEncryption, {
    type: CLUSTER,
    name: "warehouse",
    props: CLUSTER_BASE,
  });
  expect(run).toEqual({ violations: [], unknowns: [] });
});
