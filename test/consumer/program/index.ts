// A Pulumi program outside opsguard's repository that installs the packed package and uses each
// component with its required arguments only, as the README shows.
import { CodeWatcher, ListingApi, PolicyMonitor, SecretSync, TrailBackup } from "opsguard";

const codeWatcher = new CodeWatcher("lambda-backups", {});
const policyMonitor = new PolicyMonitor("iam-policy-monitor", {});
const secretSync = new SecretSync("orders-db-url", {
  pairs: [
    {
      rdsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c-AbCdEf",
      customSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-url-XyZ123",
    },
  ],
});
const trailBackup = new TrailBackup("trail-backup", { sourceBucketName: "my-org-cloudtrail" });
const listingApi = new ListingApi("reports-api", {
  adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
});

export const backupBucket = codeWatcher.bucketName;
export const violationBus = policyMonitor.violationBusName;
export const syncFunction = secretSync.functionArn;
export const trailBackupBucket = trailBackup.backupBucketName;
export const listingUrl = listingApi.url;
