/**
 * npm run bench -- cold-start [--runs=N]
 *
 * Bundles each PolicyMonitor handler the way the component deploys it (esbuild, minified, AWS SDK
 * included) and loads the bundle in a fresh Node process N times with the environment the dev
 * stack gives that function: the time `require` takes is the handler's share of a Lambda cold
 * start (the Init phase less the runtime's own start), source maps included as the function
 * enables them. Also times what the detector defers from its init to its first event: its SDK
 * clients and the IAM action catalogue. Reports the median and the slowest wall-clock time and the
 * median CPU time (which counts V8's compiler threads too); checks the detector's median init
 * against its target. Run it on an idle machine: a busy one adds the wait for a core.
 */
import { buildSync } from "esbuild";
import { unzipSync } from "fflate";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHandlerArchive, REPO_ROOT } from "../components/core/build/bundle";
import { runProgram } from "../tools/mock-runtime/run-program";
import { SDK_NODE_WARNING_SWITCH } from "../tools/shared/node-version";
import { readStackConfig } from "../tools/mock-runtime/stack-config";
import {
  positiveIntegerFlag,
  runCommand,
  type CommandSpec,
  type ParsedCommand,
} from "../tools/shared/cli";

/** The detector's module init must take at most this many milliseconds (median). */
const DETECTOR_INIT_TARGET_MS = 150;

export const COLD_START_BENCH: CommandSpec = {
  command: "npm run bench -- cold-start",
  description:
    "Loads each PolicyMonitor handler's bundle in fresh Node processes with its dev-stack\n" +
    "environment; reports the init time (median, slowest) and what the detector defers to its\n" +
    "first event. Exits 1 when the detector's init misses its target.",
  flags: [{ name: "runs", value: "<n>", help: "fresh processes per handler; defaults to 7" }],
};

const HANDLERS = [
  ["detector", "handlers/policy-monitor/detector/index.ts"],
  ["email", "handlers/policy-monitor/emailer/index.ts"],
  ["slack", "handlers/policy-monitor/notifier/index.ts"],
  ["audit-writer", "handlers/policy-monitor/audit-writer/index.ts"],
  ["remediator", "handlers/policy-monitor/remediator/index.ts"],
] as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

interface LoadTime {
  /** Wall-clock milliseconds of the `require`. */
  readonly wall: number;
  /** CPU milliseconds the process spent in it: what an idle core would take, whatever the load. */
  readonly cpu: number;
}

/** What it takes a fresh process to `require` the file, once per run. */
function loadTimes(file: string, env: Record<string, string>, runs: number): LoadTime[] {
  const probe =
    "const w=process.hrtime.bigint(),c=process.cpuUsage();require(process.argv[1]);" +
    "const u=process.cpuUsage(c);process.stdout.write(JSON.stringify(" +
    "{wall:Number(process.hrtime.bigint()-w)/1e6,cpu:(u.user+u.system)/1e3}))";
  return Array.from({ length: runs }, () =>
    JSON.parse(
      execFileSync(process.execPath, ["-e", probe, file], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: "us-east-1",
          [SDK_NODE_WARNING_SWITCH]: process.env[SDK_NODE_WARNING_SWITCH] ?? "",
          ...env,
        },
        encoding: "utf8",
      }),
    ),
  );
}

const row = (label: string, times: LoadTime[], note = "") =>
  `${label.padEnd(13)} ${median(times.map((t) => t.cpu))
    .toFixed(0)
    .padStart(6)} ms` +
  ` ${median(times.map((t) => t.wall))
    .toFixed(0)
    .padStart(8)} ms` +
  ` ${Math.max(...times.map((t) => t.wall))
    .toFixed(0)
    .padStart(8)} ms${note}`;

/** The bundle of a handler entry, unpacked into a fresh directory. */
function unpackedBundle(entry: string): string {
  const archive = buildHandlerArchive(entry);
  const dir = mkdtempSync(join(tmpdir(), "cold-start-"));
  const files = unzipSync(readFileSync(archive.path));
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  return join(dir, "index.js");
}

/**
 * A bundle that does what the detector defers from its init to its first judged event with a
 * violation: loading the S3 and EventBridge clients and building the IAM action catalogue (an
 * Attach* event loads the IAM client too).
 */
function firstEventBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), "cold-start-first-event-"));
  const file = join(dir, "first-event.js");
  buildSync({
    stdin: {
      contents:
        'require("@aws-sdk/client-s3");require("@aws-sdk/client-eventbridge");' +
        'require("./policy-pack/lib/iam/catalogue/catalogue").defaultCatalogue();',
      resolveDir: REPO_ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    outfile: file,
    logLevel: "silent",
  });
  return file;
}

async function main(args: ParsedCommand): Promise<number> {
  const runs = positiveIntegerFlag(args, "runs", 7);
  const { resources } = await runProgram({
    program: () => import("../index"),
    config: readStackConfig(REPO_ROOT, "dev"),
  });
  /** The environment the dev stack gives the PolicyMonitor function named `-<label>`. */
  const environmentOf = (label: string): Record<string, string> => {
    const fn = resources.find(
      (resource) =>
        resource.type === "aws:lambda/function:Function" &&
        resource.name.includes("policy") &&
        resource.name.endsWith(`-${label}-function`),
    );
    if (!fn) throw new Error(`the dev stack plans no PolicyMonitor ${label}`);
    const inputs = fn.inputs as { environment?: { variables?: Record<string, string> } };
    return inputs.environment?.variables ?? {};
  };
  let failed = false;
  console.log(`${runs} fresh processes each\n`);
  console.log("handler       CPU median  wall median  wall max");
  for (const [label, entry] of HANDLERS) {
    const times = loadTimes(unpackedBundle(entry), environmentOf(label), runs);
    let note = "";
    if (label === "detector") {
      const pass = median(times.map((t) => t.wall)) <= DETECTOR_INIT_TARGET_MS;
      note = `  ${pass ? "PASS" : "FAIL"} (target ≤ ${DETECTOR_INIT_TARGET_MS} ms)`;
      if (!pass) failed = true;
    }
    console.log(row(label, times, note));
  }
  const firstEvent = loadTimes(firstEventBundle(), {}, runs);
  console.log(row("detector, 1st", firstEvent, "  (deferred to its first event with a violation)"));
  return failed ? 1 : 0;
}

void runCommand(COLD_START_BENCH, process.argv.slice(2), main);
