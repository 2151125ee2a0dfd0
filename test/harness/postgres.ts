import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** The folder of the Unix socket: the superuser connects there with no password. */
  readonly socketDir: string;
  /** The superuser, trusted on the Unix socket only; TCP connections must give a real password. */
  readonly superuser: string;
  stop(): void;
}

function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(root, version, "bin");
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error("PostgreSQL's initdb was not found: install postgresql or set PG_BIN_DIR");
}

/** initdb refuses to run as root, so as root the server runs as the `postgres` user. */
function run(command: string, args: string[], asUser: string | undefined): void {
  const [file, argv] = asUser
    ? ["runuser", ["-u", asUser, "--", command, ...args]]
    : [command, args];
  const result = spawnSync(file, argv, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/** Runs `initdb` into a temporary folder and starts a server on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const asUser = userInfo().uid === 0 ? "postgres" : undefined;
  const dir = mkdtempSync(join(tmpdir(), "opsguard-pg-"));
  chmodSync(dir, 0o700);
  if (asUser) {
    const pgUser = spawnSync("id", ["-u", asUser], { encoding: "utf8" });
    const pgGroup = spawnSync("id", ["-g", asUser], { encoding: "utf8" });
    chownSync(dir, Number(pgUser.stdout.trim()), Number(pgGroup.stdout.trim()));
  }
  const dataDir = join(dir, "data");
  const superuser = "postgres";
  run(
    join(bin, "initdb"),
    [
      "-D",
      dataDir,
      "-U",
      superuser,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
    ],
    asUser,
  );
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  run(
    join(bin, "pg_ctl"),
    ["-D", dataDir, "-o", options, "-l", join(dir, "log"), "-w", "start"],
    asUser,
  );
  return {
    host: "127.0.0.1",
    port,
    socketDir: dir,
    superuser,
    stop: () => {
      run(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], asUser);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
