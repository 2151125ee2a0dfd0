/**
 * npm run bench -- trail-backup [--objects N]
 *
 * Backs up N small objects (default 10,000) in a private moto server with the trail-backup core, and
 * copies the same objects with `aws s3 cp --recursive` in the same run. Prints a JSON summary: the
 * time ratio, S3 calls per copied object (target ≤ 1.01) and what a second run copies (target 0).
 */
import "../tools/shared/node-version";
import { onCommand } from "../test/harness/on-command";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { spawnSync } from "node:child_process";
import { runTrailBackup } from "../handlers/trail-backup/backup";
import { startMotoServer } from "../test/harness/moto-server";
import {
  positiveIntegerFlag,
  runCommand,
  type CommandSpec,
  type ParsedCommand,
} from "../tools/shared/cli";

const DAY_MS = 86_400_000;

export const TRAIL_BACKUP_BENCH: CommandSpec = {
  command: "npm run bench -- trail-backup",
  description:
    "Backs up N objects in a private moto server with the trail-backup core and with\n" +
    "`aws s3 cp --recursive`; prints S3 calls per copied object and what a second run copies.",
  flags: [{ name: "objects", value: "<n>", help: "objects to back up; defaults to 10000" }],
};

async function inParallel(count: number, limit: number, work: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function main(args: ParsedCommand): Promise<void> {
  const objects = positiveIntegerFlag(args, "objects", 10_000);
  const moto = await startMotoServer();
  try {
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials,
    });
    let calls = 0;
    onCommand(s3, () => calls++);
    for (const bucket of ["bench-source", "bench-backup", "bench-cli-backup"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    await inParallel(objects, 32, async (i) => {
      const key = `AWSLogs/123456789012/CloudTrail/us-east-1/2025/01/${String(i % 28).padStart(2, "0")}/log ${i}.json.gz`;
      await s3.send(new PutObjectCommand({ Bucket: "bench-source", Key: key, Body: `{"i":${i}}` }));
    });

    const config = {
      sourceBucket: "bench-source",
      sourcePrefix: "",
      backupBucket: "bench-backup",
      backupPrefix: "cloudtrail-backup/",
      thresholdDays: 85,
      concurrency: 32,
    };
    const request = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };
    const deps = { s3, remainingMs: () => 900_000, reserveMs: 60_000 };

    calls = 0;
    let started = performance.now();
    const first = await runTrailBackup(config, request, deps);
    const oursMs = performance.now() - started;
    const firstCalls = calls;

    calls = 0;
    const second = await runTrailBackup(config, request, deps);
    const secondCalls = calls;

    started = performance.now();
    const cli = spawnSync(
      "aws",
      [
        "s3",
        "cp",
        "--recursive",
        "--only-show-errors",
        "s3://bench-source/",
        "s3://bench-cli-backup/cloudtrail-backup/",
        "--endpoint-url",
        moto.endpoint,
      ],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_DEFAULT_REGION: "us-east-1",
        },
      },
    );
    const cliMs = performance.now() - started;
    if (cli.status !== 0) throw new Error(`aws s3 cp failed (${cli.status}): ${cli.stderr}`);

    const summary = {
      objects,
      ours: {
        ms: Math.round(oursMs),
        result: first,
        s3Calls: firstCalls,
        s3CallsPerCopiedObject: Number((firstCalls / Math.max(1, first.copied)).toFixed(4)),
      },
      awsCliCpRecursive: { ms: Math.round(cliMs) },
      timeRatioOursToCli: Number((oursMs / cliMs).toFixed(3)),
      secondRun: { result: second, s3Calls: secondCalls, copied: second.copied },
      targetsMet: {
        callsPerCopiedObjectAtMost1_01: firstCalls / Math.max(1, first.copied) <= 1.01,
        secondRunCopiesNothing: second.copied === 0,
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await moto.stop();
  }
}

void runCommand(TRAIL_BACKUP_BENCH, process.argv.slice(2), main);
