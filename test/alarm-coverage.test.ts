import { join } from "node:path";
import { runProgram, type PlannedResource } from "../tools/mock-runtime/run-program";
import { readStackConfig } from "../tools/mock-runtime/stack-config";

// Which code a function runs does not matter here: the archives are stand-ins.
jest.mock("../components/core/build/bundle", () => ({
  buildHandlerArchive: (entry: string) => ({ path: `/tmp/${entry}.zip`, sha256: entry, size: 1 }),
}));

const ROOT = join(__dirname, "..");

/** The failure metrics the handlers publish, each of which must page someone. */
const FAILURE_METRICS = [
  { namespace: "opsguard/SecretSync", metricName: "SyncFailed" },
  { namespace: "opsguard/TrailBackup", metricName: "ObjectsFailed" },
  { namespace: "IAMPolicyMonitor", metricName: "RemediationFailure" },
];

describe("every failure of the dev stack pages someone", () => {
  let resources: PlannedResource[];
  const ofType = (type: string) => resources.filter((r) => r.type === type);

  beforeAll(async () => {
    ({ resources } = await runProgram({
      program: () => import("../index"),
      config: readStackConfig(ROOT, "dev"),
    }));
  }, 120_000);

  /** Alarms with an action whose topic has a subscriber (an email or a chat channel). */
  const pagingAlarms = () => {
    const subscribed = new Set([
      ...ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.topic),
      ...ofType("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").flatMap(
        (c) => c.inputs.snsTopicArns as string[],
      ),
    ]);
    return ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((alarm) =>
      ((alarm.inputs.alarmActions as string[]) ?? []).some((arn) => subscribed.has(arn)),
    );
  };

  test("each Lambda function has an errors alarm that notifies a subscribed topic", () => {
    const functions = ofType("aws:lambda/function:Function").map((f) => f.state.name as string);
    const watched = new Set(
      pagingAlarms()
        .filter((a) => a.inputs.namespace === "AWS/Lambda" && a.inputs.metricName === "Errors")
        .map((a) => (a.inputs.dimensions as Record<string, string>).FunctionName),
    );
    expect(functions.length).toBe(9);
    expect(functions.filter((name) => !watched.has(name))).toEqual([]);
  });

  test("each dead-letter queue has an alarm on its visible messages", () => {
    const queueArns = new Set([
      ...ofType("aws:lambda/function:Function").map(
        (f) => (f.inputs.deadLetterConfig as { targetArn?: string } | undefined)?.targetArn,
      ),
      ...ofType("aws:cloudwatch/eventTarget:EventTarget").map(
        (t) => (t.inputs.deadLetterConfig as { arn?: string } | undefined)?.arn,
      ),
      ...ofType("aws:sqs/queue:Queue")
        .filter((q) => q.inputs.redrivePolicy)
        .map((q) => JSON.parse(q.inputs.redrivePolicy as string).deadLetterTargetArn),
    ]);
    const deadLetterQueues = ofType("aws:sqs/queue:Queue")
      .filter((q) => queueArns.has(q.state.arn))
      .map((q) => q.state.name as string);
    const watched = new Set(
      pagingAlarms()
        .filter((a) => a.inputs.metricName === "ApproximateNumberOfMessagesVisible")
        .map((a) => (a.inputs.dimensions as Record<string, string>).QueueName),
    );
    expect(deadLetterQueues.length).toBe(6);
    expect(deadLetterQueues.filter((name) => !watched.has(name))).toEqual([]);
  });

  test.each(FAILURE_METRICS)("$namespace $metricName has an alarm", ({ namespace, metricName }) => {
    expect(
      pagingAlarms().filter(
        (a) => a.inputs.namespace === namespace && a.inputs.metricName === metricName,
      ),
    ).toHaveLength(1);
  });

  test("function errors alarm on 2 of 3 five-minute periods, not on one datapoint", () => {
    const errorAlarms = pagingAlarms().filter((a) => a.inputs.metricName === "Errors");
    expect(
      new Set(
        errorAlarms.map((a) =>
          JSON.stringify([a.inputs.period, a.inputs.evaluationPeriods, a.inputs.datapointsToAlarm]),
        ),
      ),
    ).toEqual(new Set([JSON.stringify([300, 3, 2])]));
  });
});
