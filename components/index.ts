// Every opsguard component with its Args, for use from other Pulumi programs.
export * from "./lambda-function";
export * from "./secure-bucket";
export type { PolicyStatement } from "./policy";
export * from "./code-watcher";
export * from "./policy-monitor";
export * from "./policy-responders";
export * from "./secret-sync";
export * from "./trail-backup";
export * from "./listing-api";
export * from "./github-deploy-role";
