import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEDUP_MARKER_PREFIX } from "../../../contracts/policy-monitor";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { awsTestConfig } from "../../../test/harness/moto";
import { parseRules } from "../../../contracts/policy-monitor-config/parse";
import { detectorConfigFromEnv } from "./config";
import { fingerprintOf } from "./dedup";
import { s3DuplicateFilter } from "./dedup-s3";
import { detect, type DetectorDeps } from "./detector";
import { discardMetrics } from "./metrics";
import type { ViolationPublisher } from "./publish";
import type { Violation } from "../../../contracts/violation";

const ROOT = join(__dirname, "..", "..", "..");
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      join(ROOT, "test", "fixtures", "events", "cloudtrail-iam", `${name}.json`),
      "utf8",
    ),
  );
const rules = parseRules(readFileSync(join(ROOT, "rules", "rules.yaml"), "utf8"));
const BUCKET = "policy-monitor-dedup";
const WINDOW_MS = 60 * 60 * 1000;
const s3 = new S3Client(awsTestConfig());

/** The same PutUserPolicy call again: another CloudTrail event id, the same change. */
function repeated(eventId: string, change: (detail: any) => void = () => undefined) {
  const event = fixture("put-user-policy");
  event.detail.eventID = eventId;
  change(event.detail);
  return event;
}

function harness(startAt: string) {
  let clock = new Date(startAt);
  const published: Violation[][] = [];
  const storeErrors: unknown[] = [];
  const publisher: ViolationPublisher = {
    publish: async (violations) => void published.push([...violations]),
  };
  const deps: DetectorDeps = {
    loadConfig: async () => ({ rules, suppressions: [] }),
    policies: {
      defaultVersion: async () => fail("no fetch"),
      version: async () => fail("no fetch"),
    },
    catalogue: defaultCatalogue(),
    publisher,
    duplicates: s3DuplicateFilter(s3, {
      bucket: BUCKET,
      prefix: DEDUP_MARKER_PREFIX,
      windowMs: WINDOW_MS,
      now: () => clock,
      onError: (error) => storeErrors.push(error),
    }),
    now: () => clock,
    log: { info: () => undefined, warn: () => undefined },
    metrics: discardMetrics,
  };
  return {
    deps,
    published,
    storeErrors,
    advance: (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000)),
  };
}

const fail = (message: string): never => {
  throw new Error(message);
};

async function markers(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

describe("dedup window against moto S3 (conditional writes)", () => {
  test("an identical event within the window is dropped, one after it is published", async () => {
    const { deps, published, storeErrors, advance } = harness("2025-11-23T16:00:00.000Z");
    const first = await detect(repeated("event-1"), deps);
    expect(first.violations).toHaveLength(1);
    expect(first.duplicates).toEqual([]);

    advance(59);
    const second = await detect(repeated("event-2"), deps);
    expect(second.violations).toEqual([]);
    expect(second.duplicates).toEqual([
      {
        violation: expect.objectContaining({ eventId: "event-2" }),
        duplicateOf: first.violations[0].violationId,
      },
    ]);

    advance(1);
    const third = await detect(repeated("event-3"), deps);
    expect(third.violations.map((v) => v.eventId)).toEqual(["event-3"]);
    expect(published.map((batch) => batch.map((v) => v.eventId))).toEqual([
      ["event-1"],
      ["event-3"],
    ]);

    // One marker per change, now held by the event that opened the current window.
    const fingerprint = fingerprintOf(
      third.violations[0],
      [
        JSON.parse(decodeURIComponent(repeated("x").detail.requestParameters.policyDocument))
          .Statement,
      ].flat(),
    );
    expect(await markers()).toEqual([`${DEDUP_MARKER_PREFIX}${fingerprint}.json`]);
    const marker = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${DEDUP_MARKER_PREFIX}${fingerprint}.json` }),
    );
    expect(JSON.parse(await marker.Body!.transformToString())).toEqual({
      eventId: "event-3",
      violationId: third.violations[0].violationId,
      claimedAt: "2025-11-23T17:00:00.000Z",
    });
    expect(storeErrors).toEqual([]);
  });

  test("the same event id again (a retried invocation) is published again", async () => {
    const { deps, published } = harness("2025-11-24T09:00:00.000Z");
    await detect(
      repeated("retry-1", (d) => (d.requestParameters.userName = "carol")),
      deps,
    );
    await detect(
      repeated("retry-1", (d) => (d.requestParameters.userName = "carol")),
      deps,
    );
    expect(published.map((batch) => batch.map((v) => v.eventId))).toEqual([
      ["retry-1"],
      ["retry-1"],
    ]);
  });

  test("another target or another document is another change", async () => {
    const { deps, published } = harness("2025-11-25T09:00:00.000Z");
    await detect(
      repeated("a-1", (d) => (d.requestParameters.userName = "dave")),
      deps,
    );
    await detect(
      repeated("a-2", (d) => (d.requestParameters.userName = "erin")),
      deps,
    );
    await detect(
      repeated("a-3", (d) => {
        d.requestParameters.userName = "dave";
        d.requestParameters.policyDocument = JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }],
        });
      }),
      deps,
    );
    expect(published.map((batch) => batch.map((v) => v.eventId))).toEqual([
      ["a-1"],
      ["a-2"],
      ["a-3"],
    ]);
  });

  test("a marker store that fails lets the violation through and says why", async () => {
    const { deps, published, storeErrors } = harness("2025-11-26T09:00:00.000Z");
    const broken: DetectorDeps = {
      ...deps,
      duplicates: s3DuplicateFilter(s3, {
        bucket: "no-such-dedup-bucket",
        prefix: DEDUP_MARKER_PREFIX,
        windowMs: WINDOW_MS,
        now: deps.now,
        onError: (error) => storeErrors.push(error),
      }),
    };
    await detect(repeated("b-1"), broken);
    await detect(repeated("b-2"), broken);
    expect(published.map((batch) => batch.map((v) => v.eventId))).toEqual([["b-1"], ["b-2"]]);
    expect(storeErrors.map((error) => (error as Error).name)).toEqual([
      "NoSuchBucket",
      "NoSuchBucket",
    ]);
  });

  test("a marker that is not JSON counts as no marker", async () => {
    const { deps, published, storeErrors } = harness("2025-11-27T09:00:00.000Z");
    const first = await detect(
      repeated("c-1", (d) => (d.requestParameters.userName = "frank")),
      deps,
    );
    const statements = JSON.parse(
      decodeURIComponent(repeated("x").detail.requestParameters.policyDocument),
    ).Statement;
    const key = `${DEDUP_MARKER_PREFIX}${fingerprintOf(first.violations[0], [statements].flat())}.json`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "not json" }));
    await detect(
      repeated("c-2", (d) => (d.requestParameters.userName = "frank")),
      deps,
    );
    expect(published).toHaveLength(2);
    expect(storeErrors.map((error) => (error as Error).name)).toEqual(["SyntaxError"]);
  });
});

describe("the dedup window setting", () => {
  const env = { RULES_BUCKET: "config", EVENTBRIDGE_BUS_NAME: "violations" };

  test.each([
    [{}, 3600],
    [{ DEDUP_WINDOW_SECONDS: "0" }, 0],
    [{ DEDUP_WINDOW_SECONDS: "900" }, 900],
  ])("%j → %i seconds", (extra, seconds) => {
    expect(detectorConfigFromEnv({ ...env, ...extra }).dedupWindowSeconds).toBe(seconds);
  });
});
