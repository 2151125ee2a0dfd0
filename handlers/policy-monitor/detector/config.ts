import {
  CONFIG_BUCKET_KEYS,
  DEDUP_WINDOW_MINUTES,
  DETECTOR_ENV as ENV,
} from "../../../contracts/policy-monitor";
import { readEnv } from "../../shared/env";

/** Where the detector publishes: the violation bus, or straight to a topic and/or a queue. */
export type DetectorDelivery =
  | { readonly kind: "eventbridge"; readonly busName: string }
  | { readonly kind: "direct"; readonly topicArn?: string; readonly queueUrl?: string };

export interface DetectorConfig {
  readonly rulesBucket: string;
  readonly rulesKey: string;
  readonly suppressKey: string;
  readonly delivery: DetectorDelivery;
  /** An identical event within this many seconds of the first is dropped; 0 drops none. */
  readonly dedupWindowSeconds: number;
}

/** Reads the detector's environment; every missing or bad variable is named in one ConfigError. */
export function detectorConfigFromEnv(env: NodeJS.ProcessEnv): DetectorConfig {
  return readEnv(env, (read) => {
    const rulesBucket = read.required(ENV.rulesBucket);
    const rulesKey = read.optional(ENV.rulesKey, CONFIG_BUCKET_KEYS.rules);
    const suppressKey = read.optional(ENV.suppressKey, CONFIG_BUCKET_KEYS.suppress);
    const dedupWindowSeconds = read.integer(
      ENV.dedupWindowSeconds,
      DEDUP_WINDOW_MINUTES.default * 60,
      { min: DEDUP_WINDOW_MINUTES.min * 60, max: DEDUP_WINDOW_MINUTES.max * 60 },
    );
    if (read.boolean(ENV.useEventBridge, true)) {
      const busName = read.required(ENV.eventBridgeBusName);
      const delivery = { kind: "eventbridge", busName } as const;
      return { rulesBucket, rulesKey, suppressKey, delivery, dedupWindowSeconds };
    }
    const topicArn = read.present(ENV.snsTopicArn);
    const queueUrl = read.present(ENV.sqsQueueUrl);
    if (!topicArn && !queueUrl) {
      read.problem(
        `${ENV.useEventBridge} is false but neither ${ENV.snsTopicArn} nor ${ENV.sqsQueueUrl} is set`,
      );
    }
    const delivery = { kind: "direct", topicArn, queueUrl } as const;
    return { rulesBucket, rulesKey, suppressKey, delivery, dedupWindowSeconds };
  });
}
