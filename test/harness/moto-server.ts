import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort, waitUntil } from "./free-port";

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Installs moto's server with pip, but only where `moto_server` is not on the PATH already. */
export function ensureMotoInstalled(): void {
  if (spawnSync("moto_server", ["--help"], { stdio: "ignore" }).status === 0) return;
  const pip = spawnSync("python3", ["-m", "pip", "install", "--quiet", "moto[server]"], {
    stdio: "inherit",
  });
  if (pip.status !== 0) throw new Error("could not install moto[server] with pip");
}

/** Starts `moto_server` on a free loopback port and waits until it answers. */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
    detached: false,
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntil(`moto_server on ${endpoint}`, async () => {
    const response = await fetch(`${endpoint}/moto-api/`);
    return response.ok;
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
