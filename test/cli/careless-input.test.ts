import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { motoEndpoint } from "../harness/moto";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const LISTING_EVENT = join("test", "fixtures", "events", "apigw-http", "list-objects-iam.json");

/** Runs a tool as a reader would, with no AWS settings from this machine. */
function tool(script: string, args: string[]) {
  const result = spawnSync(TSX, [join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The repository's program in a folder of its own (inside the checkout, so that it resolves the
 * repository's packages), with one stack file per careless value.
 */
function carelessProgram(): string {
  mkdirSync(join(ROOT, ".build"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".build", "careless-program-"));
  writeFileSync(join(dir, "index.ts"), 'import "../../index";\n');
  writeFileSync(join(dir, "Pulumi.yaml"), "name: opsguard\nruntime: nodejs\n");
  const trailBackup = "  opsguard:trailBackup:\n    sourceBucketName: my-org-cloudtrail\n";
  writeFileSync(
    join(dir, "Pulumi.region-typo.yaml"),
    `config:\n  aws:region: eu-wst-1\n${trailBackup}`,
  );
  writeFileSync(
    join(dir, "Pulumi.bad-indentation.yaml"),
    `config:\n  aws:region: eu-west-1\n${trailBackup}   archiveStorageClass: GLACIER\n`,
  );
  return dir;
}

describe("careless input gets a one-line answer naming what is wrong", () => {
  const dir = mkdtempSync(join(tmpdir(), "careless-input-"));
  const emptyEvent = join(dir, "empty.json");
  writeFileSync(emptyEvent, "{}");
  const program = carelessProgram();
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(program, { recursive: true, force: true });
  });

  test.each([
    {
      input: "a misspelt flag",
      script: "tools/plan.ts",
      args: ["--stak", "prod"],
      stderr: "npm run plan: unknown flag --stak; did you mean --stack?\n",
    },
    {
      input: "a flag without its value",
      script: "tools/restore.ts",
      args: ["--function"],
      stderr: "npm run restore: --function needs a value: --function <name>\n",
    },
    {
      input: "a missing event file",
      script: "tools/invoke.ts",
      args: ["listing-api", "--event", "events/missing.json"],
      stderr: "npm run invoke: --event: no such file: events/missing.json\n",
    },
    {
      input: "a missing policy document",
      script: "tools/invoke.ts",
      args: ["policy-monitor/detector", "--event", LISTING_EVENT, "--policy-document", "p.json"],
      stderr: "npm run invoke: --policy-document: no such file: p.json\n",
    },
    {
      input: "a detector flag given to another handler",
      script: "tools/invoke.ts",
      args: ["listing-api", "--event", LISTING_EVENT, "--rules", "rules.yaml"],
      stderr: "npm run invoke: --rules is for policy-monitor/detector without --endpoint\n",
    },
    {
      input: "a stack without its file",
      script: "tools/plan.ts",
      args: ["--program", join(program, "index.ts"), "--stack", "prod"],
      stderr: `plan failed: no stack config: ${join(program, "Pulumi.prod.yaml")} does not exist (stacks there: bad-indentation, region-typo)\n`,
    },
    {
      input: "malformed stack YAML",
      script: "tools/plan.ts",
      args: ["--program", join(program, "index.ts"), "--stack", "bad-indentation"],
      stderr: `plan failed: ${join(program, "Pulumi.bad-indentation.yaml")}:5:4: bad indentation of a mapping entry\n`,
    },
    {
      input: "a misspelt region",
      script: "tools/plan.ts",
      args: ["--program", join(program, "index.ts"), "--stack", "region-typo"],
      stderr:
        'plan failed: aws:region: "eu-wst-1" is not a region @pulumi/aws knows; did you mean eu-west-1?\n',
    },
    {
      input: "a handler without its environment",
      script: "tools/invoke.ts",
      args: ["trail-backup", "--event", LISTING_EVENT, "--endpoint", "http://127.0.0.1:9"],
      stderr:
        "ConfigError: 2 environment problems: SOURCE_BUCKET is not set; BACKUP_BUCKET is not set\n",
    },
    {
      input: "a benchmark flag with a bad value",
      script: "bench/run.ts",
      args: ["trail-backup", "--objects=lots"],
      stderr:
        '\n=== bench trail-backup\nnpm run bench -- trail-backup: --objects must be a positive integer, got "lots"\n',
    },
  ])("$input: $stderr", ({ script, args, stderr }) => {
    const result = tool(script, args);
    expect(result).toEqual({ code: 1, stdout: "", stderr });
  });

  test("an empty event sent to listing-api is a 400 naming the field", () => {
    const result = tool("tools/invoke.ts", [
      "listing-api",
      "--event",
      emptyEvent,
      "--endpoint",
      motoEndpoint(),
      "--env",
      "BUCKET_NAME=b",
    ]);

    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: "InvalidEvent",
      field: "requestContext",
      message: "requestContext is missing or malformed: not an API Gateway payload 2.0 request",
    });
  });

  test("the SDK's Node-version warning is not printed", () => {
    const result = tool("tools/invoke.ts", [
      "listing-api",
      "--event",
      LISTING_EVENT,
      "--endpoint",
      motoEndpoint(),
      "--env",
      "BUCKET_NAME=absent",
    ]);

    expect(result.stderr).not.toContain("NodeVersionSupportWarning");
  });
});
