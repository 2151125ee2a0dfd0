/**
 * The opsguard program: reads and validates the stack config (`Pulumi.<stack>.yaml`), creates the
 * components that the config enables, and exports their outputs. Everything else lives in the
 * components (`components/`), so other programs can use them the same way.
 */
import { CodeWatcher, ListingApi, PolicyMonitor, SecretSync, TrailBackup } from "./components";
import { codeWatcherArgsFromConfig } from "./config/code-watcher";
import { listingApiArgsFromConfig } from "./config/listing-api";
import { policyMonitorArgsFromConfig } from "./config/policy-monitor";
import { secretSyncArgsFromConfig } from "./config/secret-sync";
import { loadStackConfig } from "./config/stack";
import { trailBackupArgsFromConfig } from "./config/trail-backup";

const config = loadStackConfig();
const tags = { "managed-by": "opsguard", ...config.tags };

const codeWatcher =
  config.codeWatcher &&
  new CodeWatcher("code-watcher", { ...codeWatcherArgsFromConfig(config.codeWatcher), tags });

const policyMonitor =
  config.policyMonitor &&
  new PolicyMonitor("policy-monitor", {
    ...policyMonitorArgsFromConfig(config.policyMonitor),
    tags,
  });

const secretSync =
  config.secretSync &&
  new SecretSync("secret-sync", { ...secretSyncArgsFromConfig(config.secretSync), tags });

const trailBackup =
  config.trailBackup &&
  new TrailBackup("trail-backup", { ...trailBackupArgsFromConfig(config.trailBackup), tags });

const listingApi =
  config.listingApi &&
  new ListingApi("listing-api", { ...listingApiArgsFromConfig(config.listingApi), tags });

export const codeWatcherOutputs = codeWatcher && {
  bucketName: codeWatcher.bucketName,
  functionArn: codeWatcher.functionArn,
  ruleArn: codeWatcher.ruleArn,
  deadLetterQueueArn: codeWatcher.deadLetterQueueArn,
};

export const policyMonitorOutputs = policyMonitor && {
  violationBusName: policyMonitor.violationBusName,
  violationBusArn: policyMonitor.violationBusArn,
  configBucketName: policyMonitor.configBucket.bucketName,
  detectorArn: policyMonitor.detector.arn,
  emailTopicArn: policyMonitor.responders?.emailTopicArn,
  auditBucketName: policyMonitor.responders?.auditBucketName,
  glueDatabaseName: policyMonitor.responders?.glueDatabaseName,
  dashboardName: policyMonitor.responders?.dashboardName,
  remediationQueueUrl: policyMonitor.responders?.remediationQueueUrl,
};

export const secretSyncOutputs = secretSync && {
  functionArn: secretSync.functionArn,
  deadLetterQueueArn: secretSync.deadLetterQueueArn,
};

export const trailBackupOutputs = trailBackup && {
  backupBucketName: trailBackup.backupBucketName,
  functionName: trailBackup.functionName,
  alarmTopicArn: trailBackup.alarmTopicArn,
  deadLetterQueueArn: trailBackup.deadLetterQueueArn,
};

export const listingApiOutputs = listingApi && {
  url: listingApi.url,
  routeArn: listingApi.routeArn,
  bucketName: listingApi.bucketName,
  alarmTopicArn: listingApi.alarmTopicArn,
  dashboardName: listingApi.dashboardName,
  invokePolicyArn: listingApi.invokePolicyArn,
};
