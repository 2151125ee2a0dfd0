import type { Config } from "@jest/types";
import { ensureMotoInstalled, startMotoServer, type MotoServer } from "./moto-server";

declare global {
  var __MOTO_SERVERS__: MotoServer[] | undefined;
}

/**
 * One moto server per Jest worker, so that a worker can reset its server between test files
 * without wiping the state of a file that runs at the same time in another worker.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  ensureMotoInstalled();
  const workers = globalConfig.maxWorkers > 0 ? globalConfig.maxWorkers : 1;
  const servers = await Promise.all(Array.from({ length: workers }, () => startMotoServer()));
  servers.forEach((server, index) => {
    process.env[`MOTO_ENDPOINT_${index + 1}`] = server.endpoint;
  });
  globalThis.__MOTO_SERVERS__ = servers;
}
