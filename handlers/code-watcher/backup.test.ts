import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { countingClients, LambdaWorld } from "../../test/support/code-watcher/lambda-world";
import {
  cloudTrailEvent,
  watcherFixture,
  sha256Base64,
  zipOf,
} from "../../test/support/code-watcher/lambda-world";
import type { WatcherConfig } from "./config";
import type { WatcherDeps } from "./deps";
import { parseWatchEvent } from "./event";
import { runWatch } from "./watch";

const BUCKET = "code-watcher-backups";
const NOW = new Date("2026-03-02T10:16:00.000Z");
let world: LambdaWorld;
let clients: ReturnType<typeof countingClients>;
let deps: WatcherDeps;
let config: WatcherConfig;

beforeAll(async () => {
  ({ world, clients, deps, config } = await watcherFixture(BUCKET, NOW));
});
afterAll(() => world.stop());
beforeEach(() => {
  clients.calls.length = 0;
});

async function versionsOf(s3: S3Client, key: string): Promise<string[]> {
  const listing = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
  return (listing.Versions ?? []).filter((v) => v.Key === key).map((v) => v.VersionId!);
}

async function readJson(key: string): Promise<{ body: unknown; etag: string }> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { body: JSON.parse(await object.Body!.transformToString()), etag: object.ETag! };
}

async function readBytes(key: string, versionId?: string): Promise<Uint8Array> {
  const object = await clients.s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }),
  );
  return object.Body!.transformToByteArray();
}

const handle = (event: unknown) => runWatch(deps, config, parseWatchEvent(event));

describe("code watcher against moto", () => {
  test("backs up a new package, writes the state, and turns versioning on", async () => {
    const zip = await world.createFunction("fn-first", "exports.handler = async () => 1;");

    const result = await handle(cloudTrailEvent("update-function-code-by-name.json", "fn-first"));

    const key = "lambda-code-backups/fn-first.zip";
    const versions = await versionsOf(clients.s3, key);
    expect(versions).toHaveLength(1);
    expect(result).toEqual({
      function: "fn-first",
      action: "backed-up",
      sha256: sha256Base64(zip),
      versionId: versions[0],
      key,
    });
    expect(Buffer.from(await readBytes(key))).toEqual(Buffer.from(zip));
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.Metadata).toEqual({
      sha256: sha256Base64(zip),
      "function-arn": "arn:aws:lambda:us-east-1:123456789012:function:fn-first",
      "lambda-version": "$LATEST",
      runtime: "nodejs22.x",
      handler: "index.handler",
    });
    expect((await readJson("lambda-code-backups/.state/fn-first.json")).body).toEqual({
      function: "fn-first",
      packageType: "Zip",
      sha256: sha256Base64(zip),
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn-first",
      backedUpAt: "2026-03-02T10:16:00.000Z",
      versionId: versions[0],
      zipEtag: head.ETag,
      key,
      runtime: "nodejs22.x",
      handler: "index.handler",
    });
    const versioning = await clients.s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }));
    expect(versioning.Status).toBe("Enabled");
  });

  test("an unchanged package costs GetFunction and the state read, and writes nothing", async () => {
    await world.createFunction("fn-same", "exports.handler = async () => 2;");
    const event = cloudTrailEvent("update-function-code-by-arn.json", "fn-same");
    const first = await handle(event);
    const stateBefore = await readJson("lambda-code-backups/.state/fn-same.json");
    clients.calls.length = 0;

    const second = await handle(event);

    expect(clients.calls).toEqual(["GetFunctionCommand", "GetObjectCommand"]);
    expect(second).toEqual({ ...(first as object), action: "unchanged" });
    expect(await versionsOf(clients.s3, "lambda-code-backups/fn-same.zip")).toHaveLength(1);
    expect(await readJson("lambda-code-backups/.state/fn-same.json")).toEqual(stateBefore);
  });

  test("a code update (ARN-form event) adds a new S3 version and moves the state to it", async () => {
    const first = await world.createFunction("fn-update", "exports.handler = async () => 3;");
    await handle(cloudTrailEvent("update-function-code-by-name.json", "fn-update"));
    const second = await world.updateCode("fn-update", "exports.handler = async () => 33;");

    const result = await handle(cloudTrailEvent("update-function-code-by-arn.json", "fn-update"));

    const key = "lambda-code-backups/fn-update.zip";
    const versions = await versionsOf(clients.s3, key);
    expect(versions).toHaveLength(2);
    expect(result).toMatchObject({ action: "backed-up", sha256: sha256Base64(second) });
    const latest = (result as { versionId: string }).versionId;
    expect(versions).toContain(latest);
    const older = versions.find((v) => v !== latest);
    expect(Buffer.from(await readBytes(key, older))).toEqual(Buffer.from(first));
    expect(Buffer.from(await readBytes(key, latest))).toEqual(Buffer.from(second));
    expect((await readJson("lambda-code-backups/.state/fn-update.json")).body).toMatchObject({
      sha256: sha256Base64(second),
      versionId: latest,
    });
  });

  test("a download whose SHA-256 is not CodeSha256 fails and leaves backup and state as they were", async () => {
    await world.createFunction("fn-bad", "exports.handler = async () => 4;");
    await handle(cloudTrailEvent("update-function-code-by-name.json", "fn-bad"));
    const stateBefore = await readJson("lambda-code-backups/.state/fn-bad.json");
    const updated = await world.updateCode("fn-bad", "exports.handler = async () => 44;");
    const tampered = zipOf("exports.handler = async () => 'tampered';");
    world.served.set("fn-bad", tampered);

    await expect(
      handle(cloudTrailEvent("update-function-code-by-name.json", "fn-bad")),
    ).rejects.toThrow(
      `fn-bad: backing up to s3://${BUCKET}/lambda-code-backups/fn-bad.zip failed: ShaMismatchError: ` +
        `SHA-256 of the downloaded zip is ${sha256Base64(tampered)}, Lambda reported CodeSha256 ${sha256Base64(updated)}`,
    );

    expect(await versionsOf(clients.s3, "lambda-code-backups/fn-bad.zip")).toHaveLength(1);
    expect(await readJson("lambda-code-backups/.state/fn-bad.json")).toEqual(stateBefore);
  });

  test("two concurrent runs for one change make one backup and one state", async () => {
    await world.createFunction("fn-race", "exports.handler = async () => 5;");
    await handle(cloudTrailEvent("update-function-code-by-name.json", "fn-race"));
    const updated = await world.updateCode("fn-race", "exports.handler = async () => 55;");
    const event = cloudTrailEvent("update-function-code-by-name.json", "fn-race");

    const results = await Promise.all([handle(event), handle(event), handle(event)]);

    const versions = await versionsOf(clients.s3, "lambda-code-backups/fn-race.zip");
    expect(versions).toHaveLength(2);
    const actions = results.map((result) => (result as { action: string }).action).sort();
    expect(actions).toEqual(["backed-up", "unchanged", "unchanged"]);
    const backedUp = results.find(
      (result) => (result as { action: string }).action === "backed-up",
    );
    expect(results.map((r) => (r as { versionId: string }).versionId)).toEqual(
      Array(3).fill((backedUp as { versionId: string }).versionId),
    );
    expect((await readJson("lambda-code-backups/.state/fn-race.json")).body).toMatchObject({
      sha256: sha256Base64(updated),
      versionId: (backedUp as { versionId: string }).versionId,
    });
  });

  test("a published version is kept under versions/<n>.zip, once", async () => {
    const zip = await world.createFunction("fn-publish", "exports.handler = async () => 6;");
    await world.lambda.send(
      new (await import("@aws-sdk/client-lambda")).PublishVersionCommand({
        FunctionName: "fn-publish",
      }),
    );
    const event = cloudTrailEvent("publish-version.json", "fn-publish");

    const first = await handle(event);
    const again = await handle(event);

    const key = "lambda-code-backups/fn-publish/versions/1.zip";
    const versions = await versionsOf(clients.s3, key);
    expect(versions).toHaveLength(1);
    const expected = {
      function: "fn-publish",
      sha256: sha256Base64(zip),
      versionId: versions[0],
      key,
    };
    expect(first).toEqual({ ...expected, action: "backed-up", version: "1" });
    expect(again).toEqual({ ...expected, action: "unchanged", version: "1" });
    expect(Buffer.from(await readBytes(key))).toEqual(Buffer.from(zip));
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.Metadata?.["lambda-version"]).toBe("1");
  });

  test("an image function records its image in the state, once", async () => {
    const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:2026-03-02";
    await world.createImageFunction("fn-image", image);

    const first = await handle({ functions: ["fn-image"] });
    const again = await handle({ functions: ["fn-image"] });

    const state = (await readJson("lambda-code-backups/.state/fn-image.json")).body as {
      sha256: string;
    };
    expect(state).toEqual({
      function: "fn-image",
      packageType: "Image",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      imageUri: image,
      resolvedImageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${state.sha256}`,
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn-image",
      backedUpAt: "2026-03-02T10:16:00.000Z",
    });
    expect(first).toEqual([
      {
        function: "fn-image",
        action: "image",
        sha256: state.sha256,
        imageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${state.sha256}`,
      },
    ]);
    expect(again).toEqual([{ function: "fn-image", action: "unchanged", sha256: state.sha256 }]);
  });
});
