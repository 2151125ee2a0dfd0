/**
 * The opsguard program: reads and validates the stack config (`Pulumi.<stack>.yaml`), creates the
 * components that the config enables, and exports their outputs. Everything else lives in the
 * components (`components/`), so other programs can use them the same way.
 */
import {
  Alerts,
  CodeWatcher,
  ListingApi,
  OrganizationHub,
  PolicyMonitor,
  SecretSync,
  TrailBackup,
} from "./components";
import { alertsArgsFromConfig } from "./config/alerts";
import { codeWatcherArgsFromConfig } from "./config/code-watcher";
import { listingApiArgsFromConfig } from "./config/listing-api";
import { policyMonitorArgsFromConfig } from "./config/policy-monitor";
import { secretSyncArgsFromConfig } from "./config/secret-sync";
import { organizationSettingsFromConfig } from "./config/organization";
import { loadStackConfig } from "./config/stack";
import { trailBackupArgsFromConfig } from "./config/trail-backup";

const config = loadStackConfig();
const tags = { "managed-by": "opsguard", ...config.tags };

// One topic for every component's failure alarms, when the stack names who is paged.
const alerts =
  config.alerts && new Alerts("alerts", { ...alertsArgsFromConfig(config.alerts), tags });
const alarmTopicArn = alerts ? alerts.topicArn : undefined;
const alarming = alerts ? { alarmTopicArn, failureAlarms: config.alerts?.thresholds } : {};

// A component the stack leaves out exports null: a stack output cannot be undefined.
const codeWatcher =
  config.codeWatcher &&
  new CodeWatcher("code-watcher", {
    ...codeWatcherArgsFromConfig(config.codeWatcher),
    ...alarming,
    tags,
  });

const policyMonitor =
  config.policyMonitor &&
  new PolicyMonitor("policy-monitor", {
    ...policyMonitorArgsFromConfig(config.policyMonitor),
    ...alarming,
    tags,
  });

const secretSync =
  config.secretSync &&
  new SecretSync("secret-sync", {
    ...secretSyncArgsFromConfig(config.secretSync),
    ...alarming,
    tags,
  });

const trailBackup =
  config.trailBackup &&
  new TrailBackup("trail-backup", {
    ...trailBackupArgsFromConfig(config.trailBackup),
    ...alarming,
    tags,
  });

const listingApi =
  config.listingApi &&
  new ListingApi("listing-api", {
    ...listingApiArgsFromConfig(config.listingApi),
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    tags,
  });

// The hub of an organization: the members' events reach this stack's detector and CodeWatcher.
const remediation = config.policyMonitor?.responders?.remediation;
const organizationHub =
  config.organization &&
  policyMonitor &&
  new OrganizationHub("organization", {
    ...organizationSettingsFromConfig(config.organization),
    detector: {
      functionArn: policyMonitor.detectorArn,
      functionName: policyMonitor.detectorName,
      roleArn: policyMonitor.detectorRoleArn,
    },
    remediator: policyMonitor.remediatorRoleArn && {
      roleArn: policyMonitor.remediatorRoleArn,
      protectedPrincipals: remediation?.protectedPrincipals,
    },
    codeWatcher: codeWatcher && {
      functionArn: codeWatcher.functionArn,
      functionName: codeWatcher.functionName,
      roleArn: codeWatcher.roleArn,
    },
    tags,
  });

/** The topic every failure alarm notifies (`opsguard:alerts`). */
export const alertsTopicArn = alarmTopicArn ?? null;

export const codeWatcherOutputs = codeWatcher
  ? {
      bucketName: codeWatcher.bucketName,
      functionArn: codeWatcher.functionArn,
      ruleArn: codeWatcher.ruleArn,
      deadLetterQueueArn: codeWatcher.deadLetterQueueArn,
    }
  : null;

export const policyMonitorOutputs = policyMonitor
  ? {
      violationBusName: policyMonitor.violationBusName,
      violationBusArn: policyMonitor.violationBusArn,
      configBucketName: policyMonitor.configBucketName,
      detectorArn: policyMonitor.detectorArn,
      emailTopicArn: policyMonitor.emailTopicArn,
      auditBucketName: policyMonitor.auditBucketName,
      glueDatabaseName: policyMonitor.glueDatabaseName,
      dashboardName: policyMonitor.dashboardName,
      remediationQueueUrl: policyMonitor.remediationQueueUrl,
    }
  : null;

export const secretSyncOutputs = secretSync
  ? {
      functionArn: secretSync.functionArn,
      deadLetterQueueArn: secretSync.deadLetterQueueArn,
    }
  : null;

export const trailBackupOutputs = trailBackup
  ? {
      backupBucketName: trailBackup.backupBucketName,
      functionName: trailBackup.functionName,
      alarmTopicArn: trailBackup.alarmTopicArn,
      deadLetterQueueArn: trailBackup.deadLetterQueueArn,
    }
  : null;

export const listingApiOutputs = listingApi
  ? {
      url: listingApi.url,
      routeArn: listingApi.routeArn,
      bucketName: listingApi.bucketName,
      alarmTopicArn: listingApi.alarmTopicArn,
      dashboardName: listingApi.dashboardName,
      invokePolicyArn: listingApi.invokePolicyArn,
    }
  : null;

export const organizationOutputs = organizationHub
  ? {
      memberBusArn: organizationHub.memberBusArn,
      deliveryBusName: organizationHub.deliveryBusName,
      stackSetName: organizationHub.stackSetName,
    }
  : null;
