import { PutEventsCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DETECTOR_METRICS } from "../../../contracts/policy-monitor";
import {
  VIOLATION_DETAIL_TYPE,
  VIOLATION_SOURCE,
  type Violation,
} from "../../../contracts/violation";
import { sleep as sleepFor, withRetries, type RetryPolicy } from "../../shared/retry";
import type { DetectorMetricsSink } from "./metrics";

/** Raised when violations could not be delivered after every attempt: the invocation must fail. */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublishError";
  }
}

export interface ViolationPublisher {
  publish(violations: readonly Violation[]): Promise<void>;
}

/** A batch came back with entries the bus refused; they are tried again. */
class EntriesRefused extends Error {}

/** The publishers' backoff: from 200 ms, doubling, 3 attempts unless `options` says otherwise. */
export function publishRetryPolicy(options: RetryOptions): RetryPolicy {
  return {
    maxAttempts: options.attempts ?? 3,
    baseDelayMs: 200,
    sleep: options.sleep ?? sleepFor,
  };
}

export interface RetryOptions {
  /** Attempts per batch, the first included. Defaults to 3. */
  readonly attempts?: number;
  /** Waits between attempts; injected so that tests do not sleep. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

const EVENTBRIDGE_BATCH = 10;

export function resourcesOf(violation: Violation): string[] {
  const { policyArn, principalArn } = violation.target;
  return [policyArn, principalArn].filter((arn): arn is string => arn !== undefined);
}

/**
 * Publishes on the violation bus: PutEvents in batches of 10, retrying only the entries EventBridge
 * rejected (and whole batches on a thrown error), with exponential backoff from 200 ms.
 *
 * Counts `EventBridgePublishSuccess` per violation the bus accepted and `EventBridgePublishFailure`
 * per violation this invocation could not deliver (refused after the last attempt, or left unsent
 * behind a batch that was): the ones that send the event to the DLQ. A rejection that a retry cured
 * is not a failure.
 */
export function eventBridgePublisher(
  events: EventBridgeClient,
  busName: string,
  metrics: DetectorMetricsSink,
  options: RetryOptions = {},
): ViolationPublisher {
  const policy = publishRetryPolicy(options);
  const attempts = policy.maxAttempts;

  /** Sends one batch; returns the violations still refused after the last attempt. */
  async function sendBatch(batch: readonly Violation[]) {
    let pending = batch;
    let lastProblem = "";
    const sendPending = async () => {
      let response;
      try {
        response = await events.send(
          new PutEventsCommand({
            Entries: pending.map((violation) => ({
              EventBusName: busName,
              Source: VIOLATION_SOURCE,
              DetailType: VIOLATION_DETAIL_TYPE,
              Detail: JSON.stringify(violation),
              Resources: resourcesOf(violation),
            })),
          }),
        );
      } catch (error) {
        lastProblem = `${(error as Error).name}: ${(error as Error).message}`;
        throw error;
      }
      const entries = response.Entries ?? [];
      const failed = pending.filter((_violation, index) => entries[index]?.ErrorCode);
      lastProblem = entries
        .filter((entry) => entry.ErrorCode)
        .map((entry) => `${entry.ErrorCode}: ${entry.ErrorMessage}`)
        .join("; ");
      pending = (response.FailedEntryCount ?? 0) > 0 || failed.length > 0 ? failed : [];
      if (pending.length > 0) throw new EntriesRefused(lastProblem);
    };
    try {
      await withRetries(policy, sendPending);
    } catch {
      // The last attempt failed too: `pending` holds what is still refused, `lastProblem` why.
    }
    return { refused: pending, lastProblem };
  }

  return {
    async publish(violations) {
      let accepted = 0;
      try {
        for (let start = 0; start < violations.length; start += EVENTBRIDGE_BATCH) {
          const batch = violations.slice(start, start + EVENTBRIDGE_BATCH);
          const { refused, lastProblem } = await sendBatch(batch);
          accepted += batch.length - refused.length;
          if (refused.length > 0) {
            throw new PublishError(
              `EventBridge bus ${busName} did not accept ${refused.length} violation(s) after ${attempts} attempts (${lastProblem}): ${refused.map((violation) => violation.violationId).join(", ")}`,
            );
          }
        }
      } finally {
        metrics.addMetric(DETECTOR_METRICS.eventBridgePublishSuccess, "Count", accepted);
        metrics.addMetric(
          DETECTOR_METRICS.eventBridgePublishFailure,
          "Count",
          violations.length - accepted,
        );
      }
    },
  };
}
