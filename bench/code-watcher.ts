/**
 * npm run bench -- code-watcher [--payload-mib N]
 *
 * Backs up a 50 MiB Lambda package with the code-watcher core (`runWatch` on a parsed CloudTrail
 * `UpdateFunctionCode` event, as the handler runs it) against a private moto server, and reports:
 * - the peak RSS increase of the process that runs the backup, against the zip's size: target below
 *   half of it, because the package is streamed from the download into S3;
 * - the backup's wall time (reported, no target);
 * - the AWS calls of a second run with unchanged code: target exactly GetFunction and the state read.
 * Prints a JSON summary on stdout; exits 1 when a target is missed.
 *
 * How, and why so:
 * - The zip (stored entries of AES-256-CTR keystream from a fixed key: incompressible, the same bytes
 *   on every run) is written to a temp file as it is made, uploaded to moto's S3 as a stream, and the
 *   function is created from `S3Bucket`/`S3Key`: moto computes CodeSha256 and CodeSize from the real
 *   bytes (checked below), and nothing fakes them.
 * - moto's `Code.Location` cannot be downloaded, so this process serves the file over local HTTP.
 * - The backup runs in a child process (this file with `--measure`) that does nothing else, so its
 *   baseline RSS carries no memory left over from the setup (which would hide what the backup uses).
 *   Its peak is sampled every 10 ms and checked against `process.resourceUsage().maxRSS`.
 * - For reference (no target), a second fresh process only downloads the same zip with the
 *   watcher's downloader and discards the bytes: what Node itself costs to receive 50 MiB.
 *   `--payload-mib N` (default 50) changes the package size, to see whether the increase grows with it.
 */
import "../tools/shared/node-version";
import { onCommand } from "../test/harness/on-command";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Zip, ZipPassThrough } from "fflate";
import { spawn } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WatcherConfig } from "../handlers/code-watcher/config";
import type { BackupResult, WatcherDeps } from "../handlers/code-watcher/deps";
import { httpZipDownloader } from "../handlers/code-watcher/download";
import { parseWatchEvent } from "../handlers/code-watcher/event";
import { runWatch } from "../handlers/code-watcher/watch";
import { startMotoServer } from "../test/harness/moto-server";
import { positiveIntegerFlag, runCommand, type CommandSpec } from "../tools/shared/cli";

const MiB = 1024 * 1024;
/** The package size; `--payload-mib` sets it before `main` runs. */
let payloadBytes = 50 * MiB;
const CHUNK_BYTES = MiB;
const FUNCTION_NAME = "bench-big-package";
const PACKAGE_BUCKET = "bench-lambda-packages";
const BACKUP_BUCKET = "bench-code-backups";
const UNCHANGED_CALLS = ["GetFunctionCommand", "GetObjectCommand"];

export const CODE_WATCHER_BENCH: CommandSpec = {
  command: "npm run bench -- code-watcher",
  description:
    "Backs up a large Lambda package from a local server to moto with the code-watcher core and\n" +
    "measures the backup's peak memory above the process's baseline.",
  flags: [{ name: "payload-mib", value: "<n>", help: "the package size in MiB; defaults to 50" }],
};

const mib = (bytes: number) => Number((bytes / MiB).toFixed(1));
const log = (message: string) => process.stderr.write(`[bench code-watcher] ${message}\n`);

function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
}

/**
 * Writes a deterministic, incompressible zip to `path` chunk by chunk (entries stored, not deflated):
 * `index.js` and 50 MiB of AES-256-CTR keystream. Returns its size and its bytes' base64 SHA-256.
 */
function writeBenchZip(path: string): { size: number; sha256: string } {
  const fd = openSync(path, "w");
  const hash = createHash("sha256");
  let size = 0;
  let failure: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.length > 0) {
      writeSync(fd, chunk);
      hash.update(chunk);
      size += chunk.length;
    }
  });
  const mtime = new Date("1980-01-01T00:00:00Z");
  const index = new ZipPassThrough("index.js");
  index.mtime = mtime;
  zip.add(index);
  index.push(Buffer.from("exports.handler = async () => 'bench';\n"), true);
  const payload = new ZipPassThrough("payload.bin");
  payload.mtime = mtime;
  zip.add(payload);
  const keystream = createCipheriv("aes-256-ctr", Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(CHUNK_BYTES);
  for (let written = 0; written < payloadBytes; written += CHUNK_BYTES) {
    payload.push(keystream.update(zeros), written + CHUNK_BYTES >= payloadBytes);
  }
  zip.end();
  closeSync(fd);
  if (failure) throw failure;
  return { size, sha256: hash.digest("base64") };
}

/** Makes the role and the function with the big package in moto; returns the zip's size and SHA. */
async function createBigFunction(
  endpoint: string,
  zipPath: string,
): Promise<{ size: number; sha256: string }> {
  const zip = writeBenchZip(zipPath);
  const s3 = new S3Client(clientConfig(endpoint));
  const lambda = new LambdaClient(clientConfig(endpoint));
  for (const bucket of [PACKAGE_BUCKET, BACKUP_BUCKET]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: PACKAGE_BUCKET,
      Key: `${FUNCTION_NAME}.zip`,
      Body: createReadStream(zipPath),
      ContentLength: zip.size,
    }),
  );
  const role = await new IAMClient(clientConfig(endpoint)).send(
    new CreateRoleCommand({
      RoleName: "bench-code-watcher",
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    }),
  );
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION_NAME,
      Role: role.Role!.Arn!,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { S3Bucket: PACKAGE_BUCKET, S3Key: `${FUNCTION_NAME}.zip` },
    }),
  );
  const created = await lambda.send(new GetFunctionCommand({ FunctionName: FUNCTION_NAME }));
  const { CodeSha256, CodeSize } = created.Configuration ?? {};
  if (CodeSha256 !== zip.sha256 || CodeSize !== zip.size) {
    throw new Error(
      `moto reports CodeSha256 ${CodeSha256} / CodeSize ${CodeSize}, the zip is ${zip.sha256} / ${zip.size}`,
    );
  }
  return zip;
}

/** Serves the file at `path` for every request, streamed from disk. */
async function serveFile(path: string, size: number): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/zip", "content-length": String(size) });
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/${FUNCTION_NAME}.zip`, server };
}

/** What the measuring child reports. */
interface Measurement {
  readonly baselineRss: number;
  readonly sampledPeakRss: number;
  readonly maxRssBefore: number;
  readonly maxRssAfter: number;
  readonly backupMs: number;
  readonly backup: BackupResult | BackupResult[];
  readonly backupCalls: string[];
  readonly unchangedMs: number;
  readonly unchanged: BackupResult | BackupResult[];
  readonly unchangedCalls: string[];
}

/** The child: one backup of the function (changed), then one more (unchanged), measured. */
async function measure(endpoint: string, zipUrl: string): Promise<Measurement> {
  const calls: string[] = [];
  const lambda = new LambdaClient(clientConfig(endpoint));
  const s3 = new S3Client(clientConfig(endpoint));
  onCommand(lambda, (command) => calls.push(command));
  onCommand(s3, (command) => calls.push(command));
  const config: WatcherConfig = {
    destBucket: BACKUP_BUCKET,
    destPrefix: "lambda-code-backups",
    statePrefix: "lambda-code-backups/.state",
    targetFunctions: [],
    sweepAllFunctions: false,
  };
  const deps: WatcherDeps = {
    lambda,
    s3,
    download: httpZipDownloader(() => zipUrl),
    now: () => new Date(),
  };
  const fixture = join(__dirname, "..", "test", "fixtures", "events", "cloudtrail-lambda");
  const event = readFileSync(join(fixture, "update-function-code-by-name.json"), "utf8");
  const request = parseWatchEvent(JSON.parse(event.replaceAll("orders-api", FUNCTION_NAME)));

  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const baselineRss = process.memoryUsage.rss();
  let sampledPeakRss = baselineRss;
  const timer = setInterval(() => {
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
  }, 10);
  let started = performance.now();
  let backup;
  try {
    backup = await runWatch(deps, config, request);
  } finally {
    clearInterval(timer);
  }
  const backupMs = performance.now() - started;
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const backupCalls = calls.splice(0);

  started = performance.now();
  const unchanged = await runWatch(deps, config, request);
  const unchangedMs = performance.now() - started;
  const unchangedCalls = calls.splice(0);
  return {
    baselineRss,
    sampledPeakRss,
    maxRssBefore,
    maxRssAfter,
    backupMs,
    backup,
    backupCalls,
    unchangedMs,
    unchanged,
    unchangedCalls,
  };
}

/** The reference child: only downloads the zip with the watcher's downloader and drops the bytes. */
async function measureDownloadOnly(
  zipUrl: string,
): Promise<{ baselineRss: number; peakRss: number; bytes: number }> {
  const download = httpZipDownloader(() => zipUrl);
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  let bytes = 0;
  try {
    const { body } = await download(zipUrl, FUNCTION_NAME);
    for await (const chunk of body) bytes += (chunk as Buffer).length;
  } finally {
    clearInterval(timer);
  }
  return { baselineRss, peakRss: Math.max(peakRss, process.memoryUsage.rss()), bytes };
}

/** Runs this file with `--measure` in a fresh process (asynchronously: this one serves the zip). */
function inChild<T>(args: string[]): Promise<T> {
  const tsx = join(__dirname, "..", "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [__filename, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`the measuring process exited with ${code}`));
      resolve(JSON.parse(stdout) as T);
    });
  });
}

async function main(): Promise<number> {
  let started = performance.now();
  const moto = await startMotoServer();
  const dir = mkdtempSync(join(tmpdir(), "bench-code-watcher-"));
  let server: Server | undefined;
  try {
    const zipPath = join(dir, `${FUNCTION_NAME}.zip`);
    const zip = await createBigFunction(moto.endpoint, zipPath);
    log(
      `setup (moto, ${mib(zip.size)} MiB zip, function) ${Math.round(performance.now() - started)} ms`,
    );
    const served = await serveFile(zipPath, zip.size);
    server = served.server;
    started = performance.now();
    const m = await inChild<Measurement>(["--measure", moto.endpoint, served.url]);
    log(`measuring process ${Math.round(performance.now() - started)} ms`);
    const reference = await inChild<{ baselineRss: number; peakRss: number; bytes: number }>([
      "--download-only",
      served.url,
    ]);
    if (reference.bytes !== zip.size) {
      throw new Error(`the reference download got ${reference.bytes} bytes, not ${zip.size}`);
    }
    const downloadOnlyIncrease = reference.peakRss - reference.baselineRss;

    const backedUp = m.backup as BackupResult;
    if (backedUp.action !== "backed-up" || backedUp.sha256 !== zip.sha256) {
      throw new Error(`the first run did not back up the package: ${JSON.stringify(m.backup)}`);
    }
    // maxRSS catches a spike between two samples; it counts only when it rose during the backup.
    const peakRss = Math.max(m.sampledPeakRss, m.maxRssAfter > m.maxRssBefore ? m.maxRssAfter : 0);
    const rssIncrease = peakRss - m.baselineRss;
    const rssTarget = zip.size / 2;
    const unchanged = m.unchanged as BackupResult;
    const callsPass =
      JSON.stringify(m.unchangedCalls) === JSON.stringify(UNCHANGED_CALLS) &&
      unchanged.action === "unchanged" &&
      unchanged.versionId === backedUp.versionId;

    const metrics = {
      peakRssIncreaseDuringBackup: {
        mib: mib(rssIncrease),
        bytes: rssIncrease,
        fractionOfZip: Number((rssIncrease / zip.size).toFixed(3)),
        baselineRssMiB: mib(m.baselineRss),
        sampledPeakRssMiB: mib(m.sampledPeakRss),
        maxRssBeforeMiB: mib(m.maxRssBefore),
        maxRssAfterMiB: mib(m.maxRssAfter),
        referenceDownloadOnlyIncreaseMiB: mib(downloadOnlyIncrease),
        target: `< ${mib(rssTarget)} MiB (half the zip)`,
        pass: rssIncrease < rssTarget,
      },
      backupWallTime: {
        ms: Math.round(m.backupMs),
        mibPerSecond: Number((mib(zip.size) / (m.backupMs / 1000)).toFixed(1)),
        target: "reported only: no target is set for wall time",
        pass: true,
      },
      unchangedRunAwsCalls: {
        count: m.unchangedCalls.length,
        calls: m.unchangedCalls,
        ms: Math.round(m.unchangedMs),
        target: `exactly ${UNCHANGED_CALLS.length}: ${UNCHANGED_CALLS.join(", ")}`,
        pass: callsPass,
      },
    };
    const pass = Object.values(metrics).every((metric) => metric.pass);
    const summary = {
      zip: { bytes: zip.size, mib: mib(zip.size), sha256: zip.sha256, motoCodeSha256: zip.sha256 },
      backup: { result: m.backup, awsCalls: m.backupCalls },
      unchanged: { result: m.unchanged },
      metrics,
      pass,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return pass ? 0 : 1;
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fail = (error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exitCode = 1;
};
const measureAt = process.argv.indexOf("--measure");
const downloadOnlyAt = process.argv.indexOf("--download-only");
if (downloadOnlyAt >= 0) {
  measureDownloadOnly(process.argv[downloadOnlyAt + 1]!).then(
    (measurement) => process.stdout.write(JSON.stringify(measurement)),
    fail,
  );
} else if (measureAt >= 0) {
  const [endpoint, zipUrl] = process.argv.slice(measureAt + 1);
  measure(endpoint!, zipUrl!).then(
    (measurement) => process.stdout.write(JSON.stringify(measurement)),
    fail,
  );
} else {
  void runCommand(CODE_WATCHER_BENCH, process.argv.slice(2), (args) => {
    payloadBytes = positiveIntegerFlag(args, "payload-mib", 50) * MiB;
    return main();
  });
}
