import { GetFunctionCommand, type GetFunctionCommandOutput } from "@aws-sdk/client-lambda";
import type { WatcherConfig } from "./config";
import type { BackupResult, WatcherDeps } from "./deps";
import { BackupError } from "./errors";
import { stateKey, zipKey } from "./keys";
import { readState, writeStateIfUnchanged, type BackupState } from "./state";
import {
  ensureVersioning,
  headBackup,
  putZipIfUnchanged,
  retryingUpload,
  type StoredObject,
} from "./upload";

/** Rounds of the optimistic protocol before giving up on a function that keeps changing under us. */
const MAX_ROUNDS = 5;

async function step<T>(functionName: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(functionName, what, error);
  }
}

/**
 * Backs up a function's $LATEST package when its CodeSha256 differs from the state's.
 *
 * Optimistic and idempotent: the zip is written only if the key still holds the version the state
 * records (`IfMatch`), and the state only if it is still the one read. So the zip is at most one
 * version ahead of the state; an invocation that finds it ahead (a concurrent or crashed run) records
 * that version instead of uploading the same package again, and then starts over.
 */
export async function backupLatest(
  deps: WatcherDeps,
  config: WatcherConfig,
  functionName: string,
): Promise<BackupResult> {
  const key = zipKey(config.destPrefix, functionName);
  const stateObjectKey = stateKey(config.statePrefix, functionName);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const current: GetFunctionCommandOutput = await step(functionName, "GetFunction", () =>
      deps.lambda.send(new GetFunctionCommand({ FunctionName: functionName })),
    );
    const configuration = current.Configuration!;
    const sha256 = configuration.CodeSha256!;
    const stored = await step(functionName, `reading state ${stateObjectKey}`, () =>
      readState(deps.s3, config.destBucket, stateObjectKey),
    );
    if (stored?.unreadable) {
      deps.log?.info("replacing an unreadable state object", { problem: stored.unreadable });
    }
    if (stored?.state && stored.state.sha256 === sha256) {
      deps.log?.info("unchanged: no code change since the last backup", {
        function: functionName,
        sha256,
      });
      return { function: functionName, action: "unchanged", sha256, ...zipFields(stored.state) };
    }

    const writeState = (state: BackupState) =>
      step(functionName, `writing state ${stateObjectKey}`, () =>
        writeStateIfUnchanged(deps.s3, config.destBucket, stateObjectKey, state, stored),
      );
    const backedUpAt = deps.now().toISOString();
    const common = {
      function: functionName,
      sha256,
      functionArn: configuration.FunctionArn,
      backedUpAt,
    };

    if (configuration.PackageType === "Image") {
      const image = {
        imageUri: current.Code?.ImageUri,
        resolvedImageUri: current.Code?.ResolvedImageUri,
      };
      if (!(await writeState({ ...common, packageType: "Image", ...image }))) continue;
      deps.log?.info("recorded image", { function: functionName, sha256 });
      return { function: functionName, action: "image", sha256, imageUri: image.resolvedImageUri };
    }

    const zipRecord = (object: StoredObject): BackupState => ({
      ...common,
      packageType: "Zip",
      versionId: object.versionId,
      zipEtag: object.etag,
      key,
      runtime: configuration.Runtime,
      handler: configuration.Handler,
    });

    await step(functionName, "enabling bucket versioning", () =>
      ensureVersioning(deps.s3, config.destBucket),
    );
    const ifMatchEtag = stored?.state?.packageType === "Zip" ? stored.state.zipEtag : undefined;
    const written = await retryingUpload(deps.uploadRetry, async () => {
      const download = await step(functionName, "downloading the package", () =>
        deps.download(current.Code!.Location!, functionName),
      );
      return step(functionName, `backing up to s3://${config.destBucket}/${key}`, () =>
        putZipIfUnchanged(deps.s3, { bucket: config.destBucket, key, ifMatchEtag }, download, {
          sha256,
          "function-arn": configuration.FunctionArn!,
          "lambda-version": configuration.Version ?? "$LATEST",
          runtime: configuration.Runtime,
          handler: configuration.Handler,
        }),
      );
    });

    if (written) {
      // Losing this race is fine: whoever won recorded this same zip version (see below).
      await writeState(zipRecord(written));
      deps.log?.info("backed up", { function: functionName, sha256, versionId: written.versionId });
      return {
        function: functionName,
        action: "backed-up",
        sha256,
        ...zipFields(zipRecord(written)),
      };
    }

    // The key moved past the state: another invocation wrote it and has not recorded it yet.
    const ahead = await step(functionName, `reading s3://${config.destBucket}/${key}`, () =>
      headBackup(deps.s3, config.destBucket, key),
    );
    if (!ahead.sha256) {
      throw new BackupError(functionName, `${key} has no sha256 metadata; checking the backup`);
    }
    if (ahead.sha256 === sha256) {
      await writeState(zipRecord(ahead));
      return {
        function: functionName,
        action: "unchanged",
        sha256,
        versionId: ahead.versionId,
        key,
      };
    }
    // A different package: record it as it is (its runtime and handler are not known here).
    const {
      runtime: _runtime,
      handler: _handler,
      ...aheadRecord
    } = zipRecord(ahead) as BackupState & {
      runtime?: string;
      handler?: string;
    };
    await writeState({ ...aheadRecord, sha256: ahead.sha256 } as BackupState);
  }
  throw new BackupError(
    functionName,
    `backup (the function changed ${MAX_ROUNDS} times meanwhile)`,
  );
}

function zipFields(state: BackupState): { versionId?: string; key?: string } {
  return state.packageType === "Zip" ? { versionId: state.versionId, key: state.key } : {};
}
