import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { backupLatest } from "./backup-latest";
import { backupPublishedVersion } from "./backup-version";
import type { WatcherConfig } from "./config";
import type { BackupResult, WatcherDeps } from "./deps";
import { InvalidEventError } from "../shared/errors";
import { BackupError, SweepError } from "./errors";
import type { WatchRequest } from "./event";

/** Every function of the region, page by page. */
async function listAllFunctions(deps: WatcherDeps): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await deps.lambda.send(new ListFunctionsCommand({ Marker: marker }));
    names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName!));
    marker = page.NextMarker;
  } while (marker);
  return names;
}

async function functionsToSweep(
  deps: WatcherDeps,
  config: WatcherConfig,
  requested?: readonly string[],
): Promise<readonly string[]> {
  if (requested && requested.length > 0) return requested;
  if (config.targetFunctions.length > 0) return config.targetFunctions;
  if (config.sweepAllFunctions) {
    return listAllFunctions(deps).catch((error: unknown) => {
      throw new BackupError("(all functions)", "ListFunctions", error);
    });
  }
  throw new InvalidEventError(
    "no function to back up: the event names none, TARGET_FUNCTIONS is empty and SWEEP_ALL_FUNCTIONS is off",
  );
}

/**
 * Runs one request: a deployment or a published version gives one result; a sweep gives one per
 * function, backs up every function it can, and then fails naming those it could not.
 */
export async function runWatch(
  deps: WatcherDeps,
  config: WatcherConfig,
  request: WatchRequest,
): Promise<BackupResult | BackupResult[]> {
  if (request.kind === "deployment") return backupLatest(deps, config, request.functionName);
  if (request.kind === "published-version") {
    return backupPublishedVersion(deps, config, request.functionName, request.version);
  }
  const names = await functionsToSweep(deps, config, request.functions);
  const results: BackupResult[] = [];
  const failures: BackupError[] = [];
  for (const name of [...new Set(names)]) {
    try {
      results.push(await backupLatest(deps, config, name));
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new SweepError(failures);
  return results;
}
