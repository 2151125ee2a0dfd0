/**
 * Node-version policy of the tools and tests. Deployed handlers run on Lambda's nodejs24.x; the
 * tools, the benchmarks and the tests run on the developer's or CI's Node, which `engines` allows
 * from 20 on. On Node < 22 the AWS SDK prints `NodeVersionSupportWarning` (its releases from 2027
 * need Node 22) once per process: that warns about the SDK's future on this machine, not about what
 * is deployed, so it is turned off here, and only it, by the SDK's own switch. Every other warning
 * still prints. Import this module before anything that builds an SDK client.
 */
export const SDK_NODE_WARNING_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/** The oldest Node major the AWS SDK keeps supporting after its January 2027 releases. */
export const SDK_SUPPORTED_NODE_MAJOR = 22;

export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < SDK_SUPPORTED_NODE_MAJOR) env[SDK_NODE_WARNING_SWITCH] ??= "true";
}

silenceSdkNodeVersionWarning();
