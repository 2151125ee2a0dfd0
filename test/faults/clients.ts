import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { TEST_REGION } from "../harness/moto";
import { sdkTestLogger } from "../harness/sdk-test-logger";
import { startFaultProxy, type FaultProxy } from "./proxy";

/** The SDK's default in Lambda, where a handler's clients take `awsClientConfig()`: 3 attempts. */
export const SDK_DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Settings of an SDK client under test that talks to moto through the fault proxy and retries as a
 * handler's client does in Lambda (the SDK's standard strategy, 3 attempts), only without the
 * backoff wait, so that a test with faults still runs in milliseconds.
 */
export function faultClientConfig(proxy: FaultProxy) {
  return {
    endpoint: proxy.endpoint,
    region: TEST_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    retryStrategy: new ConfiguredRetryStrategy(SDK_DEFAULT_MAX_ATTEMPTS, 1),
    logger: sdkTestLogger,
  };
}

/**
 * A fault proxy for the test file: started before its tests, cleared of rules and counts before
 * each, closed after them. Read `.current` inside tests and hooks.
 */
export function useFaultProxy(): { readonly current: FaultProxy } {
  const holder: { current?: FaultProxy } = {};
  beforeAll(async () => {
    holder.current = await startFaultProxy();
  });
  beforeEach(() => holder.current?.reset());
  afterAll(async () => {
    await holder.current?.close();
  });
  return {
    get current() {
      if (!holder.current) throw new Error("the fault proxy is used before beforeAll started it");
      return holder.current;
    },
  };
}
