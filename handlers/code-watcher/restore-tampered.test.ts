import { GetFunctionCommand } from "@aws-sdk/client-lambda";
import type { WatcherConfig } from "./config";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { countingClients, LambdaWorld } from "../../test/support/code-watcher/lambda-world";
import { watcherFixture, sha256Base64, zipOf } from "../../test/support/code-watcher/lambda-world";
import { backupLatest } from "./backup-latest";
import type { BackupResult, WatcherDeps } from "./deps";
import { RestoreError, restoreBackup } from "./restore";

const BUCKET = "code-watcher-tampered";
const PREFIX = "lambda-code-backups";
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

async function codeSha256(functionName: string): Promise<string> {
  // The world's own client: not counted.
  const current = await world.lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
  return current.Configuration!.CodeSha256!;
}

/**
 * v1 is backed up, then v2 is deployed (the deployment to roll back from). Someone then writes other
 * bytes to the backup key as a new object version, with `metadata` (by default a copy of v1's).
 */
async function tamperedBackup(
  functionName: string,
  metadata?: (original: Record<string, string>) => Record<string, string>,
): Promise<{
  v1: Uint8Array;
  v2: Uint8Array;
  evil: Uint8Array;
  backup: BackupResult;
  tamperedVersionId: string;
}> {
  const key = `${PREFIX}/${functionName}.zip`;
  const v1 = await world.createFunction(functionName, "exports.handler = async () => 'v1';");
  const backup = await backupLatest(deps, config, functionName);
  const v2 = await world.updateCode(functionName, "exports.handler = async () => 'v2';");
  const original = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  const evil = zipOf("exports.handler = async () => fetch('https://attacker.invalid');");
  const tampered = await clients.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      Body: evil,
      ContentType: "application/zip",
      Metadata: metadata ? metadata(original.Metadata!) : original.Metadata,
    }),
  );
  clients.calls.length = 0;
  return { v1, v2, evil, backup, tamperedVersionId: tampered.VersionId! };
}

test("a backup whose bytes no longer hash to its recorded SHA-256 is refused, and the function is left alone", async () => {
  const { v1, v2, evil, backup, tamperedVersionId } = await tamperedBackup("fn-tampered");
  const key = `${PREFIX}/fn-tampered.zip`;
  const target = { bucket: BUCKET, destPrefix: PREFIX, functionName: "fn-tampered" };
  // The tampered version carries the metadata of v1, and the state still records v1.
  const head = await clients.s3.send(
    new HeadObjectCommand({ Bucket: BUCKET, Key: key, VersionId: tamperedVersionId }),
  );
  expect(head.Metadata!.sha256).toBe(sha256Base64(v1));
  const state = await clients.s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/.state/fn-tampered.json` }),
  );
  expect(JSON.parse(await state.Body!.transformToString())).toMatchObject({
    sha256: sha256Base64(v1),
    versionId: backup.versionId,
  });
  expect(sha256Base64(evil)).not.toBe(sha256Base64(v1));
  clients.calls.length = 0;

  // The newest backup (the default) is the tampered one.
  const newest = restoreBackup(clients, target);
  await expect(newest).rejects.toThrow(RestoreError);
  await expect(newest).rejects.toThrow(
    `fn-tampered: ${key} version ${tamperedVersionId} hashes to ${sha256Base64(evil)}, its backup recorded ${sha256Base64(v1)}`,
  );
  expect(clients.calls).toEqual([
    "ListObjectVersionsCommand",
    "HeadObjectCommand",
    "HeadObjectCommand",
    "GetObjectCommand",
  ]);

  // Named explicitly, with or without a dry run: refused before Lambda is asked anything.
  clients.calls.length = 0;
  for (const dryRun of [false, true]) {
    await expect(
      restoreBackup(clients, { ...target, versionId: tamperedVersionId, dryRun }),
    ).rejects.toThrow(
      `fn-tampered: ${key} version ${tamperedVersionId} hashes to ${sha256Base64(evil)}, its backup recorded ${sha256Base64(v1)}`,
    );
  }
  expect(clients.calls).toEqual(["GetObjectCommand", "GetObjectCommand"]);
  expect(clients.calls).not.toContain("UpdateFunctionCodeCommand");
  expect(await codeSha256("fn-tampered")).toBe(sha256Base64(v2));

  // The intact older version still passes the check (dry run: moto 5.2.1 would load the current
  // object, not the version asked for, in UpdateFunctionCode).
  clients.calls.length = 0;
  const intact = await restoreBackup(clients, {
    ...target,
    versionId: backup.versionId,
    dryRun: true,
  });
  expect(intact).toEqual({
    function: "fn-tampered",
    action: "would-restore",
    sha256: sha256Base64(v1),
    versionId: backup.versionId,
    previousSha256: sha256Base64(v2),
  });
  expect(clients.calls).toEqual(["GetObjectCommand", "GetFunctionCommand"]);
});

test("a backup version whose sha256 metadata was stripped is refused without calling Lambda", async () => {
  const { v2, tamperedVersionId } = await tamperedBackup("fn-stripped", (original) => {
    const { sha256: _dropped, ...rest } = original;
    return rest;
  });
  const key = `${PREFIX}/fn-stripped.zip`;

  const restore = restoreBackup(clients, {
    bucket: BUCKET,
    destPrefix: PREFIX,
    functionName: "fn-stripped",
    versionId: tamperedVersionId,
  });

  await expect(restore).rejects.toThrow(RestoreError);
  await expect(restore).rejects.toThrow(
    `fn-stripped: ${key} version ${tamperedVersionId} has no sha256 metadata`,
  );
  expect(clients.calls).toEqual(["GetObjectCommand"]);
  expect(await codeSha256("fn-stripped")).toBe(sha256Base64(v2));
});
