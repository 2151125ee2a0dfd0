import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { onCommand } from "../../test/harness/on-command";
import { awsTestConfig } from "../../test/harness/moto";
import { runTrailBackup } from "./backup";
import { encodeCopySource, planParts } from "./copy";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe("planParts", () => {
  test.each([
    ["6 GiB in 512 MiB parts", 6 * GiB, 512 * MiB, 12, 512 * MiB, 512 * MiB],
    ["an uneven tail", 5 * GiB + 1, 512 * MiB, 11, 512 * MiB, 1],
    [
      "5 TiB needs parts grown to 525 MiB",
      5 * 1024 * GiB,
      512 * MiB,
      9987,
      525 * MiB,
      5 * 1024 * GiB - 9986 * 525 * MiB,
    ],
    ["11 MiB in 5 MiB parts", 11 * MiB, 5 * MiB, 3, 5 * MiB, 1 * MiB],
  ])("%s", (_name, size, preferred, count, firstSize, lastSize) => {
    const parts = planParts(size, preferred);

    expect(parts).toHaveLength(count);
    expect(parts.length).toBeLessThanOrEqual(10_000);
    expect(parts[0]).toEqual({ partNumber: 1, start: 0, end: firstSize - 1 });
    const last = parts[parts.length - 1];
    expect(last).toEqual({ partNumber: count, start: size - lastSize, end: size - 1 });
    parts.slice(1).forEach((part, i) => expect(part.start).toBe(parts[i].end + 1));
  });

  test("rejects parts below S3's 5 MiB minimum and objects beyond what S3 can copy", () => {
    expect(() => planParts(11 * MiB, 4 * MiB)).toThrow(
      "part size 4194304 is below S3's minimum of 5242880",
    );
    expect(() => planParts(10_000 * 5 * GiB + 1)).toThrow(
      "an object of 53687091200001 bytes is larger than S3 can copy",
    );
  });
});

describe("encodeCopySource", () => {
  test.each([
    ["logs/plain.json.gz", "src/logs/plain.json.gz"],
    ["logs/a b+c.json", "src/logs/a%20b%2Bc.json"],
    ["logs/100% (x)!*'.json", "src/logs/100%25%20%28x%29%21%2A%27.json"],
    ["logs/?#&=.json", "src/logs/%3F%23%26%3D.json"],
    ["logs/café/日本.json", "src/logs/caf%C3%A9/%E6%97%A5%E6%9C%AC.json"],
    ["logs/😀", "src/logs/%F0%9F%98%80"],
  ])("%s", (key, expected) => {
    expect(encodeCopySource("src", key)).toBe(expected);
  });
});

describe("multipart copy against moto", () => {
  const s3 = new S3Client(awsTestConfig());
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  onCommand(s3, (command, input) => sent.push({ command, input }));

  test("an object over the threshold is copied in ranged parts with its metadata, once", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "mp-source" }));
    await s3.send(new CreateBucketCommand({ Bucket: "mp-backup" }));
    const body = Buffer.alloc(11 * MiB, "abcdefghij");
    const key = "big logs/trail é.json.gz";
    await s3.send(
      new PutObjectCommand({
        Bucket: "mp-source",
        Key: key,
        Body: body,
        ContentType: "application/json",
        ContentEncoding: "gzip",
      }),
    );
    const config = {
      sourceBucket: "mp-source",
      sourcePrefix: "",
      backupBucket: "mp-backup",
      backupPrefix: "cloudtrail-backup/",
      thresholdDays: 85,
    };
    const deps = {
      s3,
      remainingMs: () => 900_000,
      reserveMs: 60_000,
      multipartThreshold: 8 * MiB,
      partBytes: 5 * MiB,
    };
    const asOf = new Date(Date.now() + 90 * 86_400_000);
    sent.length = 0;

    const first = await runTrailBackup(config, { asOf, dryRun: false }, deps);
    const firstCalls = sent.splice(0).map((call) => call.command);
    const second = await runTrailBackup(config, { asOf, dryRun: false }, deps);
    const copied = await s3.send(
      new GetObjectCommand({ Bucket: "mp-backup", Key: `cloudtrail-backup/${key}` }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: "mp-backup", Key: `cloudtrail-backup/${key}` }),
    );

    expect(first).toMatchObject({ eligible: 1, copied: 1, failed: 0, complete: true });
    expect(firstCalls.filter((name) => name === "UploadPartCopyCommand")).toHaveLength(3);
    expect(firstCalls).not.toContain("CopyObjectCommand");
    expect(firstCalls).toContain("CompleteMultipartUploadCommand");
    expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(head.ContentType).toBe("application/json");
    expect(head.ContentEncoding).toBe("gzip");
    // The multipart ETag ("…-3") differs from the source's, yet the second run skips the object.
    expect(head.ETag).toMatch(/-3"$/);
    expect(second).toMatchObject({ eligible: 1, copied: 0, skipped: 1 });
  });
});
