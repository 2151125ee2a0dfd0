import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { evaluatePolicies, type Violation } from "../../tools/mock-runtime/evaluate-policies";
import { runProgram } from "../../tools/mock-runtime/run-program";
import { readStackConfig, stacksIn } from "../../tools/mock-runtime/stack-config";
import {
  BREAKAGES,
  breakageFromConfig,
  serviceFamilies,
  type BreakageName,
} from "../fixtures/programs/service-families/program";

const ROOT = join(__dirname, "..", "..");
const PROGRAM_DIR = join(ROOT, "test", "fixtures", "programs", "service-families");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

/** The one violation each breakage draws: policy, resource (logical name), level, message. */
const EXPECTED: Record<BreakageName, readonly [string, string, string, string]> = {
  "rds-unencrypted": [
    "enable-rds-storage-encryption",
    "orders-db",
    "mandatory",
    "storageEncrypted is false: the database is not encrypted at rest",
  ],
  "rds-public": [
    "disallow-rds-public-access",
    "orders-db",
    "mandatory",
    "publiclyAccessible is true: the endpoint resolves to a public IP address",
  ],
  "rds-no-backups": [
    "configure-rds-backup-retention",
    "orders-db",
    "mandatory",
    "backupRetentionPeriod is 0: automated backups are off",
  ],
  "rds-no-deletion-protection": [
    "enable-rds-deletion-protection",
    "orders-db",
    "advisory",
    "deletionProtection is false",
  ],
  "aurora-unencrypted": [
    "enable-rds-storage-encryption",
    "ledger",
    "mandatory",
    "storageEncrypted is false: the database is not encrypted at rest",
  ],
  "aurora-short-backups": [
    "configure-rds-backup-retention",
    "ledger",
    "mandatory",
    "backupRetentionPeriod is 1: fewer than 7 days of automated backups",
  ],
  "aurora-no-iam-auth": [
    "enable-rds-iam-authentication",
    "ledger",
    "advisory",
    "iamDatabaseAuthenticationEnabled is false: only passwords authenticate",
  ],
  "aurora-instance-public": [
    "disallow-rds-public-access",
    "ledger-1",
    "mandatory",
    "publiclyAccessible is true: the endpoint resolves to a public IP address",
  ],
  "aurora-no-minor-upgrades": [
    "enable-rds-minor-version-upgrade",
    "ledger-1",
    "advisory",
    "autoMinorVersionUpgrade is false: minor versions with security fixes are not applied",
  ],
  "ebs-unencrypted": [
    "enable-ebs-encryption",
    "scratch-volume",
    "mandatory",
    "encrypted is false: the volume is not encrypted",
  ],
  "instance-root-unencrypted": [
    "enable-ebs-encryption",
    "worker",
    "mandatory",
    "rootBlockDevice.encrypted is false: the volume is not encrypted",
  ],
  "instance-volume-unencrypted": [
    "enable-ebs-encryption",
    "worker",
    "mandatory",
    "ebsBlockDevices[0].encrypted is not set: the volume is encrypted only if EBS encryption by default is on in the account and region",
  ],
  "instance-imdsv1": [
    "enforce-ec2-imdsv2",
    "worker",
    "mandatory",
    'metadataOptions.httpTokens is "optional": IMDSv1 is accepted',
  ],
  "instance-public-ip": [
    "disallow-ec2-public-ip",
    "worker",
    "mandatory",
    "associatePublicIpAddress is true: the instance gets a public IP address",
  ],
  "launch-template-imdsv1": [
    "enforce-ec2-imdsv2",
    "workers",
    "mandatory",
    "metadataOptions.httpTokens is not set: IMDSv1 is accepted unless the AMI or the account defaults require IMDSv2",
  ],
  "launch-template-unencrypted": [
    "enable-ebs-encryption",
    "workers",
    "mandatory",
    "blockDeviceMappings[0].ebs.encrypted is false: the volume is not encrypted",
  ],
  "launch-template-public-ip": [
    "disallow-ec2-public-ip",
    "workers",
    "mandatory",
    'networkInterfaces[0].associatePublicIpAddress is "true": instances launched from it get a public IP address',
  ],
  "ssh-open-to-world": [
    "disallow-ec2-open-admin-ports",
    "web",
    "mandatory",
    "ingress[1] opens port 22 (SSH) to 0.0.0.0/0",
  ],
  "postgres-rule-open-to-world": [
    "disallow-ec2-open-admin-ports",
    "web-postgres",
    "mandatory",
    "opens port 5432 (PostgreSQL) to 0.0.0.0/0",
  ],
  "rdp-rule-open-to-world": [
    "disallow-ec2-open-admin-ports",
    "web-rdp",
    "mandatory",
    "opens port 3389 (RDP) to ::/0",
  ],
  "dynamodb-no-pitr": [
    "enable-dynamodb-point-in-time-recovery",
    "sessions",
    "mandatory",
    "pointInTimeRecovery.enabled is false",
  ],
  "dynamodb-aws-managed-key": [
    "configure-dynamodb-customer-key",
    "sessions",
    "advisory",
    "serverSideEncryption.kmsKeyArn is not set: the table uses the AWS managed key aws/dynamodb",
  ],
  "dynamodb-no-deletion-protection": [
    "enable-dynamodb-deletion-protection",
    "sessions",
    "advisory",
    "deletionProtectionEnabled is not set (default false)",
  ],
  "efs-unencrypted": [
    "enable-efs-encryption",
    "shared-files",
    "mandatory",
    "encrypted is false: the file system is not encrypted",
  ],
  "ecr-mutable": [
    "enforce-ecr-immutable-tags",
    "api-images",
    "mandatory",
    'imageTagMutability is "MUTABLE": a pushed tag can be moved',
  ],
  "ecr-unscanned": [
    "enable-ecr-scan-on-push",
    "api-images",
    "mandatory",
    "imageScanningConfiguration.scanOnPush is false: images are not scanned on push",
  ],
  "ecr-aes256": [
    "enable-ecr-kms-encryption",
    "api-images",
    "advisory",
    'encryptionConfigurations[0].encryptionType is "AES256", not KMS',
  ],
  "trail-no-validation": [
    "enable-cloudtrail-log-file-validation",
    "audit",
    "mandatory",
    "enableLogFileValidation is false: tampering with log files goes unnoticed",
  ],
  "trail-unencrypted": [
    "enable-cloudtrail-kms-encryption",
    "audit",
    "mandatory",
    "kmsKeyId is not set: log files are encrypted with SSE-S3 only",
  ],
  "trail-single-region": [
    "enable-cloudtrail-multi-region",
    "audit",
    "advisory",
    "isMultiRegionTrail is false: only the trail's home region is logged",
  ],
  "redshift-unencrypted": [
    "enable-redshift-encryption",
    "warehouse",
    "mandatory",
    "encrypted is false: the cluster is not encrypted at rest",
  ],
  "redshift-public": [
    "disallow-redshift-public-access",
    "warehouse",
    "mandatory",
    "publiclyAccessible is true: the endpoint resolves to a public IP address",
  ],
  "redshift-serverless-public": [
    "disallow-redshift-public-access",
    "analytics",
    "mandatory",
    "publiclyAccessible is true: the endpoint resolves to a public IP address",
  ],
};

/** Plans one stack of the program in-process, reading its stack file as `npm run plan` does. */
async function planStack(stack: string, preview = false) {
  const { resources } = await runProgram({
    program: async () => serviceFamilies(breakageFromConfig()),
    config: readStackConfig(PROGRAM_DIR, stack),
    project: "service-families",
    stack,
    preview,
  });
  return { resources, violations: await evaluatePolicies(resources) };
}

const brief = (violation: Violation) => [
  violation.policy,
  violation.urn.slice(violation.urn.lastIndexOf("::") + 2),
  violation.enforcementLevel,
  violation.message,
];

describe("the service-families program", () => {
  test("has one stack per breakage, and a compliant one", () => {
    expect(stacksIn(PROGRAM_DIR)).toEqual(["compliant", ...Object.keys(BREAKAGES)].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(BREAKAGES).sort());
  });

  test("the compliant stack draws no violation, advisory or mandatory", async () => {
    const { resources, violations } = await planStack("compliant");
    expect(resources).toHaveLength(19);
    expect(violations).toEqual([]);
  }, 60_000);

  test.each(Object.entries(EXPECTED))(
    "%s draws exactly its violation, on the resource at fault",
    async (stack, expected) => {
      const { resources, violations } = await planStack(stack);
      expect(violations.map(brief)).toEqual([expected]);
      const [, name] = expected;
      const atFault = resources.find((resource) => resource.name === name)!;
      expect(violations[0].urn).toBe(atFault.urn);
      expect(atFault.urn).toMatch(/^urn:pulumi:[\w-]+::service-families::aws:/);
    },
    60_000,
  );

  test("on a first preview, the compliant stack says which values it cannot judge yet", async () => {
    const { violations } = await planStack("compliant", true);
    expect(violations.map(brief)).toEqual([
      [
        "configure-dynamodb-customer-key",
        "sessions",
        "advisory",
        "cannot be checked during preview: serverSideEncryption.kmsKeyArn is unknown",
      ],
      [
        "enable-cloudtrail-kms-encryption",
        "audit",
        "advisory",
        "cannot be checked during preview: kmsKeyId is unknown",
      ],
    ]);
  }, 60_000);

  test("on a first preview, a breakage is still a mandatory violation", async () => {
    const { violations } = await planStack("trail-no-validation", true);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory").map(brief)).toEqual([
      EXPECTED["trail-no-validation"],
    ]);
  }, 60_000);

  test("a stack naming no known breakage fails and lists the names", async () => {
    await expect(
      runProgram({
        program: async () => serviceFamilies(breakageFromConfig()),
        config: { "aws:region": "eu-west-1", "families:break": "rds-unencrypte" },
      }),
    ).rejects.toThrow(
      `families:break: no breakage named "rds-unencrypte" (one of ${Object.keys(BREAKAGES).join(", ")})`,
    );
  });
});

describe("npm run plan -- --program on the service-families program", () => {
  const plan = (stack: string) =>
    spawnSync(
      TSX,
      [
        join(ROOT, "tools", "plan.ts"),
        "--program",
        join(PROGRAM_DIR, "index.ts"),
        "--stack",
        stack,
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );

  test("the compliant stack exits 0 with no violations", () => {
    const { status, stdout } = plan("compliant");
    expect(stdout).toMatch(/^Stack compliant: 19 resources\n/);
    expect(stdout).toMatch(/\nPolicies: no violations\n\n0 mandatory, 0 advisory violations\n$/);
    expect(status).toBe(0);
  });

  test("a bad stack exits 1 with its mandatory violation", () => {
    const { status, stdout } = plan("ssh-open-to-world");
    expect(stdout).toContain(
      "\n[mandatory] disallow-ec2-open-admin-ports: urn:pulumi:ssh-open-to-world::service-families::aws:ec2/securityGroup:SecurityGroup::web\n" +
        "    ingress[1] opens port 22 (SSH) to 0.0.0.0/0\n",
    );
    expect(stdout).toMatch(/\n1 mandatory, 0 advisory violations\n$/);
    expect(status).toBe(1);
  });
});
