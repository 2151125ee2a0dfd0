import { GetFunctionCommand } from "@aws-sdk/client-lambda";
import type { WatcherConfig } from "./config";
import type { BackupResult, WatcherDeps } from "./deps";
import { BackupError } from "./errors";
import { versionZipKey } from "./keys";
import { ensureVersioning, headBackup, putZipIfUnchanged, retryingUpload } from "./upload";

/**
 * Backs up a published version to its own key, `<DEST_PREFIX>/<function>/versions/<n>.zip`. A
 * published version never changes, so the key is written once (`IfNoneMatch: *`) and needs no state:
 * when it exists, it is checked against the version's CodeSha256 instead.
 */
export async function backupPublishedVersion(
  deps: WatcherDeps,
  config: WatcherConfig,
  functionName: string,
  version: string,
): Promise<BackupResult> {
  const key = versionZipKey(config.destPrefix, functionName, version);
  const fail = (what: string) => (error: unknown) => {
    throw new BackupError(functionName, what, error);
  };
  const published = await deps.lambda
    .send(new GetFunctionCommand({ FunctionName: functionName, Qualifier: version }))
    .catch(fail(`GetFunction of version ${version}`));
  const configuration = published.Configuration!;
  const sha256 = configuration.CodeSha256!;
  if (configuration.PackageType === "Image") {
    const imageUri = published.Code?.ResolvedImageUri;
    return { function: functionName, action: "image", sha256, version, imageUri };
  }

  await ensureVersioning(deps.s3, config.destBucket).catch(fail("enabling bucket versioning"));
  const written = await retryingUpload(deps.uploadRetry, async () => {
    const download = await deps
      .download(published.Code!.Location!, functionName)
      .catch(fail(`downloading version ${version}`));
    return putZipIfUnchanged(deps.s3, { bucket: config.destBucket, key }, download, {
      sha256,
      "function-arn": configuration.FunctionArn!,
      "lambda-version": version,
      runtime: configuration.Runtime,
      handler: configuration.Handler,
    }).catch(fail(`backing up to s3://${config.destBucket}/${key}`));
  });
  if (written) {
    deps.log?.info("backed up version", { function: functionName, version, sha256 });
    return {
      function: functionName,
      action: "backed-up",
      sha256,
      versionId: written.versionId,
      key,
      version,
    };
  }
  const existing = await headBackup(deps.s3, config.destBucket, key).catch(fail(`reading ${key}`));
  if (existing.sha256 !== sha256) {
    throw new BackupError(
      functionName,
      `backing up version ${version}: ${key} already holds SHA-256 ${existing.sha256}, not ${sha256}`,
    );
  }
  return {
    function: functionName,
    action: "unchanged",
    sha256,
    versionId: existing.versionId,
    key,
    version,
  };
}
