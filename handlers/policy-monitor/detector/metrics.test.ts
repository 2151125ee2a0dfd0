import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from "@aws-sdk/client-eventbridge";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig, motoEndpoint } from "../../../test/harness/moto";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { detect, type DetectorDeps } from "./detector";
import { parseRules, parseSuppressions } from "../../../contracts/policy-monitor-config/parse";
import { eventBridgePublisher, PublishError } from "./publish";
import { directPublisher } from "./publish-direct";
import { recordingMetrics, type RecordedMetric } from "../../../test/support/policy-detector";

const REPO = join(__dirname, "..", "..", "..");
const RULES = readFileSync(join(REPO, "rules", "rules.yaml"), "utf8");
const NO_SUPPRESSIONS = "version: 1\nsuppressions: []\n";
const FIXTURE = join(REPO, "test", "fixtures", "events", "cloudtrail-iam", "put-user-policy.json");

/**
 * A PutUserPolicy that trips exactly two rules, privesc-access-key (HIGH) and
 * wildcard-resource-write (MEDIUM): one violation (HIGH) for its one target.
 */
function twoRuleEvent() {
  const event = JSON.parse(readFileSync(FIXTURE, "utf8"));
  event.detail.requestParameters.policyDocument = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: "*" }],
  });
  return event;
}

const noSleep = { sleep: async () => undefined };

function deps(overrides: Partial<DetectorDeps>): DetectorDeps {
  return {
    loadConfig: async () => ({
      rules: parseRules(RULES, "rules.yaml"),
      suppressions: parseSuppressions(NO_SUPPRESSIONS, "suppress.yaml"),
    }),
    policies: {
      defaultVersion: async () => {
        throw new Error("no policy look-up expected");
      },
      version: async () => {
        throw new Error("no policy look-up expected");
      },
    },
    catalogue: defaultCatalogue(),
    now: () => new Date("2025-11-23T16:00:05.000Z"),
    log: { info: () => undefined, warn: () => undefined },
    metrics: recordingMetrics(),
    ...overrides,
  };
}

describe("detector metrics (recorded on a fake sink)", () => {
  const events = mockClient(EventBridgeClient);
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    events.reset();
    sns.reset();
  });
  // The mocks patch the client classes: the entry's tests below need the real ones.
  afterAll(() => {
    events.restore();
    sns.restore();
  });
  const eventBridge = events as unknown as EventBridgeClient;

  test("one event, two rules, one violation: EventProcessed 1, ViolationCount 1 (and HIGH), EventBridgePublishSuccess 1", async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const metrics = recordingMetrics();

    const result = await detect(
      twoRuleEvent(),
      deps({ metrics, publisher: eventBridgePublisher(eventBridge, "bus", metrics, noSleep) }),
    );

    expect(result.violations.map((v) => [v.severity, v.rules.map((rule) => rule.ruleId)])).toEqual([
      ["HIGH", ["privesc-access-key", "wildcard-resource-write"]],
    ]);
    expect(metrics.recorded).toEqual<RecordedMetric[]>([
      { name: "EventProcessed", value: 1 },
      { name: "EventBridgePublishSuccess", value: 1 },
      { name: "EventBridgePublishFailure", value: 0 },
      { name: "ViolationCount", value: 1 },
      { name: "ViolationCount", value: 1, dimensions: { severity: "HIGH" } },
    ]);
  });

  test("a publish that keeps failing counts EventBridgePublishFailure and still fails the invocation", async () => {
    events.on(PutEventsCommand).rejects(new Error("Service unavailable"));
    const metrics = recordingMetrics();

    await expect(
      detect(
        twoRuleEvent(),
        deps({ metrics, publisher: eventBridgePublisher(eventBridge, "bus", metrics, noSleep) }),
      ),
    ).rejects.toBeInstanceOf(PublishError);

    // No ViolationCount: the retried invocation counts them once they are delivered.
    expect(metrics.recorded).toEqual<RecordedMetric[]>([
      { name: "EventProcessed", value: 1 },
      { name: "EventBridgePublishSuccess", value: 0 },
      { name: "EventBridgePublishFailure", value: 1 },
    ]);
  });

  test("an entry refused once and accepted on retry is a success, not a failure", async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: "ThrottlingException" }] })
      .resolves({ FailedEntryCount: 0, Entries: [{}] });
    const metrics = recordingMetrics();

    await detect(
      twoRuleEvent(),
      deps({ metrics, publisher: eventBridgePublisher(eventBridge, "bus", metrics, noSleep) }),
    );

    expect(metrics.recorded.filter((metric) => metric.name.startsWith("EventBridge"))).toEqual([
      { name: "EventBridgePublishSuccess", value: 1 },
      { name: "EventBridgePublishFailure", value: 0 },
    ]);
  });

  test("a failed batch counts its refused entries and the unsent ones as failures", async () => {
    events.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      const entries = input.Entries!.map((entry) =>
        JSON.parse(entry.Detail!).violationId === "v11" ? { ErrorCode: "InternalFailure" } : {},
      );
      return { FailedEntryCount: entries.filter((e) => "ErrorCode" in e).length, Entries: entries };
    });
    const metrics = recordingMetrics();
    const [violation] = (await detect(twoRuleEvent(), deps({}))).violations;
    const many = Array.from({ length: 22 }, (_, index) => ({
      ...violation,
      violationId: `v${index}`,
    }));

    await expect(
      eventBridgePublisher(eventBridge, "bus", metrics, noSleep).publish(many),
    ).rejects.toBeInstanceOf(PublishError);

    // Batches of 10, 10 and 2: v11 (batch 2) is refused three times, so batch 3 is never sent.
    expect(metrics.recorded).toEqual<RecordedMetric[]>([
      { name: "EventBridgePublishSuccess", value: 10 + 9 },
      { name: "EventBridgePublishFailure", value: 1 + 2 },
    ]);
  });

  test("a failed CloudTrail call: EventProcessed 1, ViolationCount 0", async () => {
    const event = JSON.parse(
      readFileSync(FIXTURE.replace("put-user-policy", "put-user-policy-access-denied"), "utf8"),
    );
    const metrics = recordingMetrics();

    await detect(event, deps({ metrics }));

    expect(metrics.recorded).toEqual<RecordedMetric[]>([
      { name: "EventProcessed", value: 1 },
      { name: "ViolationCount", value: 0 },
    ]);
  });

  test("direct mode counts SNSAlertsPublished per accepted message, also when a later one fails", async () => {
    sns.on(PublishCommand).resolvesOnce({ MessageId: "m1" }).rejects(new Error("KMS key disabled"));
    const metrics = recordingMetrics();
    const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";
    const publisher = directPublisher(
      { sns: sns as unknown as SNSClient, topicArn },
      metrics,
      noSleep,
    );

    const [violation] = (await detect(twoRuleEvent(), deps({}))).violations;
    const second = { ...violation, violationId: `${violation.violationId}-2` };

    await expect(publisher.publish([violation, second])).rejects.toThrow(
      /^SNS Publish to arn:aws:sns:us-east-1:123456789012:alerts failed after 3 attempts/,
    );

    expect(metrics.recorded).toEqual<RecordedMetric[]>([{ name: "SNSAlertsPublished", value: 1 }]);
  });
});

describe("the policy-detector entry writes EMF to stdout (moto)", () => {
  const BUCKET = "detector-metrics-config";
  const savedEnv = { ...process.env };
  let written: string[];

  beforeAll(async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "rules.yaml", Body: RULES }));
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "suppress.yaml", Body: NO_SUPPRESSIONS }),
    );
    await new EventBridgeClient(awsTestConfig()).send(
      new CreateEventBusCommand({ Name: "violations" }),
    );
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      RULES_BUCKET: BUCKET,
      METRICS_NAMESPACE: "Guard",
      USE_EVENTBRIDGE: "true",
    });
  });
  afterAll(() => {
    process.env = savedEnv;
  });
  beforeEach(() => {
    // The entry reads its environment once, at import: each test imports it afresh.
    jest.resetModules();
    written = [];
    jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
  });
  afterEach(() => jest.restoreAllMocks());

  const emfLines = () =>
    written
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
  const emf = (dimensions: string[], values: Record<string, number | string>) => ({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: "Guard",
          Dimensions: [dimensions],
          Metrics: Object.keys(values)
            .filter((key) => typeof values[key] === "number")
            .map((name) => ({ Name: name, Unit: "Count" })),
        },
      ],
    },
    ...values,
  });

  test("a delivered event: the per-severity single metrics, then the flushed buffer", async () => {
    process.env.EVENTBRIDGE_BUS_NAME = "violations";
    const { handler } = await import("./index");

    const result = await handler(twoRuleEvent());

    expect(result.violations).toHaveLength(1);
    expect(emfLines()).toEqual([
      emf(["service", "severity"], {
        service: "policy-detector",
        severity: "HIGH",
        ViolationCount: 1,
      }),
      emf(["service"], {
        service: "policy-detector",
        EventProcessed: 1,
        EventBridgePublishSuccess: 1,
        EventBridgePublishFailure: 0,
        ViolationCount: 1,
      }),
    ]);
  });

  test("a publish failure is counted and flushed, and the invocation still fails", async () => {
    process.env.EVENTBRIDGE_BUS_NAME = "no-such-bus";
    const { handler } = await import("./index");

    await expect(handler(twoRuleEvent())).rejects.toMatchObject({ name: "PublishError" });

    expect(emfLines()).toEqual([
      emf(["service"], {
        service: "policy-detector",
        EventProcessed: 1,
        EventBridgePublishSuccess: 0,
        EventBridgePublishFailure: 1,
      }),
    ]);
  });
});
