import { GetFunctionCommand } from "@aws-sdk/client-lambda";
import type { WatcherDeps } from "./deps";
import type { WatcherConfig } from "./config";
import type { countingClients, LambdaWorld } from "../../test/support/code-watcher/lambda-world";
import { watcherFixture, sha256Base64 } from "../../test/support/code-watcher/lambda-world";
import { backupLatest } from "./backup-latest";
import { listBackups, restoreBackup } from "./restore";

const BUCKET = "code-watcher-restore";
let world: LambdaWorld;
let clients: ReturnType<typeof countingClients>;
let deps: WatcherDeps;
let config: WatcherConfig;

beforeAll(async () => {
  ({ world, clients, deps, config } = await watcherFixture(
    BUCKET,
    new Date("2026-03-02T10:16:00Z"),
  ));
});
afterAll(() => world.stop());

test("lists the backups and puts an older one back, after a dry run that changes nothing", async () => {
  const v1 = await world.createFunction("fn-restore", "exports.handler = async () => 'v1';");
  const first = await backupLatest(deps, config, "fn-restore");
  const v2 = await world.updateCode("fn-restore", "exports.handler = async () => 'v2';");
  const second = await backupLatest(deps, config, "fn-restore");
  const target = { bucket: BUCKET, destPrefix: "lambda-code-backups", functionName: "fn-restore" };

  const listed = await listBackups(clients.s3, target);
  expect(
    listed.map(({ versionId, sha256, isLatest }) => ({ versionId, sha256, isLatest })),
  ).toEqual([
    { versionId: second.versionId, sha256: sha256Base64(v2), isLatest: true },
    { versionId: first.versionId, sha256: sha256Base64(v1), isLatest: false },
  ]);

  // A deployment the watcher missed: the restore puts the newest backup (v2) back.
  const v3 = await world.updateCode("fn-restore", "exports.handler = async () => 'v3';");

  clients.calls.length = 0;
  const dryRun = await restoreBackup(clients, {
    ...target,
    versionId: first.versionId,
    dryRun: true,
  });
  expect(dryRun).toEqual({
    function: "fn-restore",
    action: "would-restore",
    sha256: sha256Base64(v1),
    versionId: first.versionId,
    previousSha256: sha256Base64(v3),
  });
  expect(clients.calls).toEqual(["GetObjectCommand", "GetFunctionCommand"]);

  // moto 5.2.1 ignores S3ObjectVersion in UpdateFunctionCode (it takes the current object), so the
  // round trip restores the newest backup; AWS restores exactly the version given.
  const restored = await restoreBackup(clients, target);
  expect(restored).toEqual({
    function: "fn-restore",
    action: "restored",
    sha256: sha256Base64(v2),
    versionId: second.versionId,
    previousSha256: sha256Base64(v3),
  });
  const now = await clients.lambda.send(new GetFunctionCommand({ FunctionName: "fn-restore" }));
  expect(now.Configuration!.CodeSha256).toBe(sha256Base64(v2));

  const again = await restoreBackup(clients, { ...target, versionId: second.versionId });
  expect(again).toEqual({ ...restored, action: "unchanged", previousSha256: sha256Base64(v2) });
});

test("a function with no backup is an error that names it", async () => {
  await expect(
    restoreBackup(clients, {
      bucket: BUCKET,
      destPrefix: "lambda-code-backups",
      functionName: "fn-none",
    }),
  ).rejects.toThrow(
    "fn-none: no backup in s3://code-watcher-restore/lambda-code-backups/fn-none.zip",
  );
});
