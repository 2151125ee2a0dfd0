import { configureRdsBackupRetention } from "./configure-rds-backup-retention";
import { disallowRdsPublicAccess } from "./disallow-rds-public-access";
import { enableRdsDeletionProtection } from "./enable-rds-deletion-protection";
import { enableRdsIamAuthentication } from "./enable-rds-iam-authentication";
import { enableRdsMinorVersionUpgrade } from "./enable-rds-minor-version-upgrade";
import { enableRdsStorageEncryption } from "./enable-rds-storage-encryption";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases, type PolicyCase } from "../test/policy-cases";
import { runResourcePolicy } from "../test/run-policy";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

const encryption = (type: string, engine: string): PolicyCase => ({
  policy: enableRdsStorageEncryption,
  type,
  baseline: { engine, storageEncrypted: true },
  failing: [
    [
      { storageEncrypted: false },
      "storageEncrypted is false: the database is not encrypted at rest",
    ],
    [
      { storageEncrypted: undefined },
      "storageEncrypted is not set (default false): the database is not encrypted at rest",
    ],
  ],
  unknown: [{ storageEncrypted: UNKNOWN }, "storageEncrypted"],
});

const publicAccess = (type: string): PolicyCase => ({
  policy: disallowRdsPublicAccess,
  type,
  baseline: { engine: "aurora-postgresql", publiclyAccessible: false },
  failing: [
    [
      { publiclyAccessible: true },
      "publiclyAccessible is true: the endpoint resolves to a public IP address",
    ],
  ],
  unknown: [{ publiclyAccessible: UNKNOWN }, "publiclyAccessible"],
});

const backups = (type: string): PolicyCase => ({
  policy: configureRdsBackupRetention,
  type,
  baseline: { engine: "postgres", backupRetentionPeriod: 7 },
  failing: [
    [
      { backupRetentionPeriod: undefined },
      "backupRetentionPeriod is not set (default 1): fewer than 7 days of automated backups",
    ],
    [{ backupRetentionPeriod: 0 }, "backupRetentionPeriod is 0: automated backups are off"],
    [
      { backupRetentionPeriod: 3 },
      "backupRetentionPeriod is 3: fewer than 7 days of automated backups",
    ],
  ],
  unknown: [{ backupRetentionPeriod: UNKNOWN }, "backupRetentionPeriod"],
});

const deletionProtection = (type: string): PolicyCase => ({
  policy: enableRdsDeletionProtection,
  type,
  baseline: { engine: "postgres", deletionProtection: true },
  failing: [
    [{ deletionProtection: false }, "deletionProtection is false"],
    [{ deletionProtection: undefined }, "deletionProtection is not set (default false)"],
  ],
  unknown: [{ deletionProtection: UNKNOWN }, "deletionProtection"],
});

const iamAuthentication = (type: string, engine: string): PolicyCase => ({
  policy: enableRdsIamAuthentication,
  type,
  baseline: { engine, iamDatabaseAuthenticationEnabled: true },
  failing: [
    [
      { iamDatabaseAuthenticationEnabled: false },
      "iamDatabaseAuthenticationEnabled is false: only passwords authenticate",
    ],
    [
      { iamDatabaseAuthenticationEnabled: undefined },
      "iamDatabaseAuthenticationEnabled is not set: only passwords authenticate",
    ],
  ],
  unknown: [{ engine: UNKNOWN }, "engine"],
});

const minorUpgrades = (type: string): PolicyCase => ({
  policy: enableRdsMinorVersionUpgrade,
  type,
  baseline: { engine: "mysql", autoMinorVersionUpgrade: true },
  failing: [
    [
      { autoMinorVersionUpgrade: false },
      "autoMinorVersionUpgrade is false: minor versions with security fixes are not applied",
    ],
  ],
  unknown: [{ autoMinorVersionUpgrade: UNKNOWN }, "autoMinorVersionUpgrade"],
});

describePolicyCases([
  encryption(INSTANCE, "postgres"),
  encryption(CLUSTER, "aurora-postgresql"),
  publicAccess(INSTANCE),
  publicAccess(CLUSTER_INSTANCE),
  backups(INSTANCE),
  backups(CLUSTER),
  deletionProtection(INSTANCE),
  deletionProtection(CLUSTER),
  iamAuthentication(INSTANCE, "mysql"),
  iamAuthentication(CLUSTER, "aurora-mysql"),
  minorUpgrades(INSTANCE),
  minorUpgrades(CLUSTER_INSTANCE),
  minorUpgrades(CLUSTER),
]);

const violationsOf = async (
  policy: Parameters<typeof runResourcePolicy>[0],
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
) => (await runResourcePolicy(policy, { type, name: "db", props }, config)).violations;

test("a read replica takes its source's encryption and backups, so only the source is judged", async () => {
  const replica = { replicateSourceDb: "orders-db", backupRetentionPeriod: 0 };
  expect(await violationsOf(enableRdsStorageEncryption, INSTANCE, replica)).toEqual([]);
  expect(await violationsOf(configureRdsBackupRetention, INSTANCE, replica)).toEqual([]);
});

test("Aurora Serverless v1 clusters are always encrypted", async () => {
  const props = { engine: "aurora-mysql", engineMode: "serverless" };
  expect(await violationsOf(enableRdsStorageEncryption, CLUSTER, props)).toEqual([]);
});

test("a cluster whose engineMode is unknown during preview cannot be judged unless it sets storageEncrypted", async () => {
  const props = { engine: "aurora-mysql", engineMode: UNKNOWN };
  const run = (extra: Record<string, unknown>) =>
    runResourcePolicy(enableRdsStorageEncryption, {
      type: CLUSTER,
      name: "db",
      props: { ...props, ...extra },
    });
  expect(await run({})).toEqual({
    violations: [],
    unknowns: ["engineMode of urn:pulumi:dev::opsguard::aws:rds/cluster:Cluster::db"],
  });
  expect(await run({ storageEncrypted: true })).toEqual({ violations: [], unknowns: [] });
});

test("the minimum retention comes from the minimumDays config", async () => {
  const config = { "configure-rds-backup-retention": { minimumDays: 14 } };
  expect(
    await violationsOf(configureRdsBackupRetention, INSTANCE, { backupRetentionPeriod: 7 }, config),
  ).toEqual([
    {
      urn: "urn:pulumi:dev::opsguard::aws:rds/instance:Instance::db",
      message: "backupRetentionPeriod is 7: fewer than 14 days of automated backups",
    },
  ]);
});

test.each(["sqlserver-ex", "oracle-se2", "db2-se"])(
  "%s has no IAM database authentication and is not judged",
  async (engine) => {
    expect(await violationsOf(enableRdsIamAuthentication, INSTANCE, { engine })).toEqual([]);
  },
);
