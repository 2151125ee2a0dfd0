import { LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { faultClientConfig, useFaultProxy } from "../../test/faults/clients";
import type { Fault } from "../../test/faults/proxy";
import { awsTestConfig } from "../../test/harness/moto";
import {
  LambdaWorld,
  cloudTrailEvent,
  sha256Base64,
  watcherConfig,
} from "../../test/support/code-watcher/lambda-world";
import type { WatcherDeps } from "./deps";
import { httpZipDownloader } from "./download";
import { parseWatchEvent } from "./event";
import { runWatch } from "./watch";

const BUCKET = "code-watcher-faults";
const NOW = new Date("2026-03-02T10:16:00.000Z");
const config = watcherConfig(BUCKET);
const proxy = useFaultProxy();
const direct = new S3Client(awsTestConfig());
let world: LambdaWorld;
let deps: WatcherDeps;
const downloads: string[] = [];
const uploadWaits: number[] = [];
const logs: Array<[string, unknown]> = [];

beforeAll(async () => {
  world = await new LambdaWorld().start();
  await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const download = httpZipDownloader((_location, name) => world.urlOf(name));
  deps = {
    lambda: new LambdaClient(faultClientConfig(proxy.current)),
    s3: new S3Client(faultClientConfig(proxy.current)),
    download: (location, name) => {
      downloads.push(name);
      return download(location, name);
    },
    now: () => NOW,
    log: { info: (message: string, extra?: unknown) => void logs.push([message, extra]) },
    uploadRetry: { sleep: async (ms) => void uploadWaits.push(ms), random: () => 0 },
  } as WatcherDeps;
});
afterAll(() => world.stop());
beforeEach(() => {
  downloads.length = 0;
  uploadWaits.length = 0;
  logs.length = 0;
});

const zipKey = (name: string) => `lambda-code-backups/${name}.zip`;
const stateKey = (name: string) => `lambda-code-backups/.state/${name}.json`;
const deploy = (name: string) =>
  runWatch(
    deps,
    config,
    parseWatchEvent(cloudTrailEvent("update-function-code-by-name.json", name)),
  );

async function versionsOf(key: string): Promise<string[]> {
  const listing = await direct.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
  return (listing.Versions ?? []).filter((v) => v.Key === key).map((v) => v.VersionId!);
}

async function stateOf(name: string): Promise<Record<string, unknown>> {
  const object = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: stateKey(name) }));
  return JSON.parse(await object.Body!.transformToString());
}

describe("code watcher under S3 and Lambda faults", () => {
  test.each<Fault>(["503-slowdown", "500", "throttle", "drop"])(
    "one %s on the streamed zip upload: downloaded again and backed up in the same invocation",
    async (fault) => {
      const name = `fw-once-${fault}`;
      const zip = await world.createFunction(name, `exports.handler = async () => "${fault}";`);
      proxy.current.inject({ operation: "PutObject", fault, times: 1, pathIncludes: zipKey(name) });

      const result = await deploy(name);

      const versions = await versionsOf(zipKey(name));
      expect(result).toEqual({
        function: name,
        action: "backed-up",
        sha256: sha256Base64(zip),
        versionId: versions[0],
        key: zipKey(name),
      });
      expect(versions).toHaveLength(1);
      expect(proxy.current.count("PutObject", zipKey(name))).toBe(2);
      expect(downloads).toEqual([name, name]);
      expect(uploadWaits).toEqual([250]);
      expect(await stateOf(name)).toMatchObject({
        sha256: sha256Base64(zip),
        versionId: versions[0],
      });
    },
  );

  test.each<Fault>(["503-slowdown", "lost-answer"])(
    "one %s on a published version's upload: backed up once in the same invocation",
    async (fault) => {
      const name = `fw-publish-${fault}`;
      const zip = await world.createFunction(name, "exports.handler = async () => 7;");
      await world.lambda.send(new PublishVersionCommand({ FunctionName: name }));
      const key = `lambda-code-backups/${name}/versions/1.zip`;
      proxy.current.inject({ operation: "PutObject", fault, times: 1, pathIncludes: key });

      const result = await runWatch(
        deps,
        config,
        parseWatchEvent(cloudTrailEvent("publish-version.json", name)),
      );

      const versions = await versionsOf(key);
      expect(versions).toHaveLength(1);
      expect(result).toEqual({
        function: name,
        action: fault === "lost-answer" ? "unchanged" : "backed-up",
        sha256: sha256Base64(zip),
        versionId: versions[0],
        key,
        version: "1",
      });
      expect(proxy.current.count("PutObject", key)).toBe(2);
      expect(downloads).toEqual([name, name]);
    },
  );

  test("a zip upload that keeps meeting SlowDown fails naming the object and the step", async () => {
    const name = "fw-always-slowdown";
    await world.createFunction(name, "exports.handler = async () => 1;");
    proxy.current.inject({
      operation: "PutObject",
      fault: "503-slowdown",
      times: "always",
      pathIncludes: zipKey(name),
    });

    const failure = deploy(name);

    await expect(failure).rejects.toThrow(
      `${name}: backing up to s3://${BUCKET}/${zipKey(name)} failed: SlowDown: Please reduce your request rate.`,
    );
    await expect(failure).rejects.toMatchObject({
      name: "BackupError",
      cause: { name: "SlowDown" },
    });
    expect(proxy.current.count("PutObject", zipKey(name))).toBe(3);
    expect(uploadWaits).toEqual([250, 500]);
    expect(await versionsOf(zipKey(name))).toEqual([]);
    expect(await versionsOf(stateKey(name))).toEqual([]);
  });

  test("the zip upload's answer is lost: the next attempt finds the zip and records it, once", async () => {
    const name = "fw-lost-zip";
    const zip = await world.createFunction(name, "exports.handler = async () => 2;");
    proxy.current.inject({
      operation: "PutObject",
      fault: "lost-answer",
      times: 1,
      pathIncludes: zipKey(name),
    });

    const result = await deploy(name);

    const versions = await versionsOf(zipKey(name));
    expect(versions).toHaveLength(1);
    expect(result).toEqual({
      function: name,
      action: "unchanged",
      sha256: sha256Base64(zip),
      versionId: versions[0],
      key: zipKey(name),
    });
    expect(await stateOf(name)).toMatchObject({
      sha256: sha256Base64(zip),
      versionId: versions[0],
    });
  });

  test("the state write keeps failing: exit 1 naming the state; a rerun records the zip already made", async () => {
    const name = "fw-state-down";
    const zip = await world.createFunction(name, "exports.handler = async () => 3;");
    proxy.current.inject({
      operation: "PutObject",
      fault: "500",
      times: "always",
      pathIncludes: stateKey(name),
    });

    await expect(deploy(name)).rejects.toThrow(
      `${name}: writing state ${stateKey(name)} failed: InternalError: We encountered an internal error.`,
    );
    expect(proxy.current.count("PutObject", stateKey(name))).toBe(3);

    proxy.current.reset();
    const rerun = await deploy(name);

    const versions = await versionsOf(zipKey(name));
    expect(versions).toHaveLength(1);
    expect(rerun).toMatchObject({ action: "unchanged", versionId: versions[0] });
    expect(await stateOf(name)).toMatchObject({
      sha256: sha256Base64(zip),
      versionId: versions[0],
    });
    expect(proxy.current.count("PutObject", zipKey(name))).toBe(1);
    expect(await versionsOf(stateKey(name))).toHaveLength(1);
  });

  test("the state write's answer is lost: the SDK's retry finds it written and the run succeeds", async () => {
    const name = "fw-lost-state";
    const zip = await world.createFunction(name, "exports.handler = async () => 4;");
    proxy.current.inject({
      operation: "PutObject",
      fault: "lost-answer",
      times: 1,
      pathIncludes: stateKey(name),
    });

    const result = await deploy(name);

    expect(result).toMatchObject({ action: "backed-up" });
    expect(proxy.current.count("PutObject", stateKey(name))).toBe(2);
    expect(await versionsOf(stateKey(name))).toHaveLength(1);
    expect(await stateOf(name)).toMatchObject({ sha256: sha256Base64(zip) });
  });

  test("one throttle on GetFunction and one 500 on the state read are retried by the SDK", async () => {
    const name = "fw-reads";
    await world.createFunction(name, "exports.handler = async () => 5;");
    proxy.current.inject(
      { operation: "GetFunction", fault: "throttle", times: 1 },
      { operation: "GetObject", fault: "500", times: 1, pathIncludes: stateKey(name) },
    );

    const result = await deploy(name);

    expect(result).toMatchObject({ action: "backed-up" });
    expect(proxy.current.count("GetFunction")).toBe(2);
    expect(proxy.current.count("GetObject", stateKey(name))).toBe(2);
  });

  test.each([
    ["not JSON", "{ truncated", "is not JSON"],
    ["another shape", '{"function":"x"}', "is not a backup state object: packageType: "],
  ])("a state object that is %s is reported and replaced", async (_what, body, problem) => {
    const name = `fw-corrupt-${body.length}`;
    const zip = await world.createFunction(name, "exports.handler = async () => 6;");
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: stateKey(name), Body: body }));

    const result = await deploy(name);

    expect(result).toMatchObject({ action: "backed-up", sha256: sha256Base64(zip) });
    expect(logs[0][0]).toBe("replacing an unreadable state object");
    expect((logs[0][1] as { problem: string }).problem).toContain(
      `s3://${BUCKET}/${stateKey(name)} ${problem}`,
    );
    expect(await stateOf(name)).toMatchObject({ function: name, sha256: sha256Base64(zip) });
    expect(await deploy(name)).toMatchObject({ action: "unchanged" });
  });

  test.each([
    [null, "no function to back up: the event names none"],
    [{}, "no function to back up: the event names none"],
    ["orders-api", 'not a manual request ({} or { "functions": [...] }): (event): '],
    [[], 'not a manual request ({} or { "functions": [...] }): (event): '],
  ])("the event %j with no TARGET_FUNCTIONS gets a clear error", async (event, message) => {
    await expect(
      (async () => runWatch(deps, config, parseWatchEvent(event)))(),
    ).rejects.toMatchObject({
      name: "InvalidEventError",
      message: expect.stringContaining(message),
    });
  });
});
