/**
 * The moto server that belongs to this Jest worker, and the AWS SDK client settings that point at it.
 * Every SDK client in a test uses `awsTestConfig()`: moto's endpoint, path-style S3, fixed test
 * credentials and `maxAttempts: 1`, so that a moto 500 fails the test instead of being retried,
 * and a silent logger (`sdk-test-logger.ts`).
 */
import { sdkTestLogger } from "./sdk-test-logger";

export const TEST_REGION = "us-east-1";
export const TEST_ACCOUNT = "123456789012";

export function motoEndpoint(): string {
  const worker = process.env.JEST_WORKER_ID ?? "1";
  const endpoint = process.env[`MOTO_ENDPOINT_${worker}`] ?? process.env.MOTO_ENDPOINT_1;
  if (!endpoint) throw new Error("moto is not running: the Jest global setup did not start it");
  return endpoint;
}

export function awsTestConfig() {
  return {
    endpoint: motoEndpoint(),
    region: TEST_REGION,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    logger: sdkTestLogger,
  };
}

/**
 * Wipes every resource in this worker's moto server and turns IAM enforcement off again, so that a
 * file that enforced IAM (`enforceIam`) leaves no trace on the next file of its worker.
 */
export async function resetMoto(): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
  await setIamEnforcement(false);
}

/**
 * Turns moto's IAM enforcement on or off for every later request. On, each request must be signed
 * by an IAM user's or assumed role's keys, and its identity policies must allow the action.
 */
export async function setIamEnforcement(enforced: boolean): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/reset-auth`, {
    method: "POST",
    // The number of requests still let through unchecked.
    body: enforced ? "0" : "inf",
    headers: { "Content-Type": "text/plain" },
  });
  if (!response.ok) throw new Error(`moto reset-auth failed: HTTP ${response.status}`);
}
