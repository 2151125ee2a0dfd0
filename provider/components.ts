import {
  Alerts,
  CodeWatcher,
  ListingApi,
  PolicyMonitor,
  SecretSync,
  TrailBackup,
} from "../library";

/** The Pulumi package's name: its type tokens are `opsguard:index:<Component>`. */
export const PACKAGE_NAME = "opsguard";

/**
 * The components the Pulumi package offers to every language, each `opsguard:index:<name>`:
 * the five account guards, and `Alerts`, the topic whose ARN they take as `alarmTopicArn`.
 */
export const PACKAGE_COMPONENTS = [
  CodeWatcher,
  PolicyMonitor,
  SecretSync,
  TrailBackup,
  ListingApi,
  Alerts,
];
