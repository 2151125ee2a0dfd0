/**
 * The opsguard library: what `import … from "opsguard"` gives a Pulumi program. The five
 * account-guard components, their Args and validators, and the error every component throws for
 * arguments it cannot build from. The same five are the components of the Pulumi package
 * (`provider/`), so other Pulumi languages get them through `pulumi package add`.
 */
export { CodeWatcher } from "./components/code-watcher";
export * from "./components/code-watcher/args";
export { PolicyMonitor } from "./components/policy-monitor";
export * from "./components/policy-monitor/args";
export type { PolicyRespondersSettings } from "./components/policy-monitor/responders/args";
export { RemediationAction } from "./contracts/violation";
export { SecretSync } from "./components/secret-sync";
export * from "./components/secret-sync/args";
export { TrailBackup } from "./components/trail-backup";
export * from "./components/trail-backup/args";
export { ListingApi } from "./components/listing-api";
export * from "./components/listing-api/args";
export { Alerts } from "./components/alerts";
export * from "./components/alerts/args";
export { ComponentArgsError } from "./components/core/errors";
export {
  DEFAULT_FAILURE_ALARM_THRESHOLDS,
  type ComponentAlarmArgs,
  type FailureAlarmThresholds,
} from "./components/core/failure-alarms";
