import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { onCommand } from "../../harness/on-command";
import {
  CreateFunctionCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { zipSync } from "fflate";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { WatcherConfig } from "../../../handlers/code-watcher/config";
import type { WatcherDeps } from "../../../handlers/code-watcher/deps";
import { httpZipDownloader } from "../../../handlers/code-watcher/download";
import { awsTestConfig } from "../../harness/moto";

/** SDK clients on this worker's moto, with a count of the calls each one sends. */
export function countingClients() {
  const calls: string[] = [];
  const lambda = new LambdaClient(awsTestConfig());
  const s3 = new S3Client(awsTestConfig());
  onCommand(lambda, (command) => calls.push(command));
  onCommand(s3, (command) => calls.push(command));
  return { lambda, s3, calls };
}

export function zipOf(source: string): Uint8Array {
  return zipSync({ "index.js": Buffer.from(source) }, { mtime: new Date("1980-01-01T00:00:00Z") });
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** Lambda functions on moto, and a local HTTP server that serves their packages by name. */
export class LambdaWorld {
  readonly lambda = new LambdaClient(awsTestConfig());
  /** The bytes the server answers for each function; a test may swap in wrong ones. */
  readonly served = new Map<string, Uint8Array>();
  private server?: Server;
  private roleArn?: string;

  async start(): Promise<this> {
    const role = await new IAMClient(awsTestConfig()).send(
      new CreateRoleCommand({
        RoleName: `code-watcher-test-${process.pid}-${Date.now()}`,
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
    this.roleArn = role.Role!.Arn!;
    this.server = createServer((request, response) => {
      const name = decodeURIComponent(request.url!.slice(1).replace(/\.zip$/, ""));
      const bytes = this.served.get(name);
      if (!bytes) return void response.writeHead(404).end();
      response.writeHead(200, {
        "content-type": "application/zip",
        "content-length": String(bytes.length),
      });
      response.end(Buffer.from(bytes));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Where the package of a function is served (in place of moto's fake `Code.Location`). */
  urlOf(functionName: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/${functionName}.zip`;
  }

  async createFunction(name: string, source: string): Promise<Uint8Array> {
    const zip = zipOf(source);
    await this.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: this.roleArn,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Code: { ZipFile: zip },
      }),
    );
    this.served.set(name, zip);
    return zip;
  }

  async createImageFunction(name: string, imageUri: string): Promise<void> {
    await this.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: this.roleArn,
        PackageType: "Image",
        Code: { ImageUri: imageUri },
      }),
    );
  }

  async updateCode(name: string, source: string): Promise<Uint8Array> {
    const zip = zipOf(source);
    await this.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
    this.served.set(name, zip);
    return zip;
  }
}

const FIXTURES = join(__dirname, "..", "..", "fixtures", "events", "cloudtrail-lambda");

/** A CloudTrail fixture whose function `orders-api` is renamed, so each test has its own function. */
export function cloudTrailEvent(
  file: string,
  functionName = "orders-api",
): Record<string, unknown> {
  const text = readFileSync(join(FIXTURES, file), "utf8");
  return JSON.parse(text.replaceAll("orders-api", functionName)) as Record<string, unknown>;
}

/** The watcher's config for a test bucket, with the handler's default prefixes. */
export function watcherConfig(bucket: string): WatcherConfig {
  return {
    destBucket: bucket,
    destPrefix: "lambda-code-backups",
    statePrefix: "lambda-code-backups/.state",
    targetFunctions: [],
    sweepAllFunctions: false,
  };
}

/**
 * What a watcher test starts from: a started world, counting clients on moto, the backup bucket
 * (versioning off: the watcher turns it on) and the watcher's deps, which download from the world.
 */
export async function watcherFixture(bucket: string, now: Date) {
  const world = await new LambdaWorld().start();
  const clients = countingClients();
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const deps: WatcherDeps = {
    lambda: clients.lambda,
    s3: clients.s3,
    download: httpZipDownloader((_location, name) => world.urlOf(name)),
    now: () => now,
  };
  return { world, clients, deps, config: watcherConfig(bucket) };
}
