import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetObjectCommand, PutBucketVersioningCommand, type S3Client } from "@aws-sdk/client-s3";
import { planComponent } from "../../test/harness/component-plan";
import { createBucketIn } from "../../test/harness/component-role";
import { assumeComponentRole, type ComponentRole } from "../../test/harness/iam-role";
import { motoS3Client } from "../../test/harness/moto-s3";
import {
  cloudTrailEvent,
  LambdaWorld,
  sha256Base64,
  zipOf,
} from "../../test/support/code-watcher/lambda-world";
import type { PolicyStatement } from "../../policy-pack/lib/iam/policy-document";
import { loadWatcherConfig, type WatcherConfig } from "./config";
import type { WatcherDeps } from "./deps";
import { httpZipDownloader } from "./download";
import { parseWatchEvent } from "./event";
import { runWatch } from "./watch";

// moto enforces IAM: the watcher backs up the dev stack's watched functions into the bucket
// CodeWatcher creates (versioned, as its SecureBucket is), as the role CodeWatcher gives it.
const WATCHER = "code-watcher-watcher";
const NOW = new Date("2026-03-02T10:16:00.000Z");

let world: LambdaWorld;
let role: ComponentRole;
let statements: PolicyStatement[];
let config: WatcherConfig;
let region: string;
let admin: { s3: S3Client; lambda: LambdaClient };

beforeAll(async () => {
  const plan = await planComponent("codeWatcher");
  statements = plan.statements(WATCHER);
  config = loadWatcherConfig(plan.environment(WATCHER));
  region = plan.region;
  // The world's package server and its IAM role are made before IAM is enforced.
  world = await new LambdaWorld().start();
  role = await assumeComponentRole(plan.roleName(WATCHER), statements, region);
  admin = { s3: motoS3Client(role.adminConfig), lambda: new LambdaClient(role.adminConfig) };
  await createBucketIn(admin.s3, config.destBucket, region);
  await admin.s3.send(
    new PutBucketVersioningCommand({
      Bucket: config.destBucket,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
  for (const name of config.targetFunctions) {
    const zip = zipOf(`exports.handler = async () => "${name}";`);
    await admin.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: role.roleArn,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Code: { ZipFile: zip },
      }),
    );
    world.served.set(name, zip);
  }
});
afterAll(() => world.stop());

function deps(): WatcherDeps {
  return {
    lambda: new LambdaClient(role.roleConfig),
    s3: motoS3Client(role.roleConfig, statements),
    download: httpZipDownloader((_location, name) => world.urlOf(name)),
    now: () => NOW,
    uploadRetry: { maxAttempts: 1 },
  };
}
const deployed = (name: string) =>
  parseWatchEvent(cloudTrailEvent("update-function-code-by-name.json", name));

test("a watched function is backed up with the role: S3's 403 for a missing state is no state", async () => {
  const [name] = config.targetFunctions;

  const result = await runWatch(deps(), config, deployed(name));

  expect(result).toMatchObject({
    function: name,
    action: "backed-up",
    sha256: sha256Base64(world.served.get(name)!),
    key: `${config.destPrefix}/${name}.zip`,
  });
  const state = await admin.s3.send(
    new GetObjectCommand({ Bucket: config.destBucket, Key: `${config.statePrefix}/${name}.json` }),
  );
  expect(JSON.parse(await state.Body!.transformToString())).toMatchObject({ function: name });
  expect(await runWatch(deps(), config, deployed(name))).toMatchObject({ action: "unchanged" });
});

test("a bucket whose versioning was suspended is not turned back on: the backup fails", async () => {
  const [, name] = config.targetFunctions;
  await admin.s3.send(
    new PutBucketVersioningCommand({
      Bucket: config.destBucket,
      VersioningConfiguration: { Status: "Suspended" },
    }),
  );

  await expect(runWatch(deps(), config, deployed(name))).rejects.toThrow(
    `${name}: enabling bucket versioning failed: AccessDenied: Access Denied`,
  );
});
