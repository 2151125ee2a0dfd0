// Every opsguard component with its Args, for use from other Pulumi programs.
export * from "./core/lambda-function";
export * from "./core/secure-bucket";
export type { PolicyStatement } from "./core/policy";
export * from "./alerts";
export * from "./code-watcher/index";
export * from "./policy-monitor";
export * from "./policy-monitor/responders";
export * from "./secret-sync/index";
export * from "./trail-backup";
export * from "./listing-api";
export * from "./github-deploy-role";
export * from "./organization";
