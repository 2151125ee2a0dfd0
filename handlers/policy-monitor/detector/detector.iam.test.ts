import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreatePolicyCommand, CreatePolicyVersionCommand, IAMClient } from "@aws-sdk/client-iam";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONFIG_BUCKET_KEYS,
  DEDUP_MARKER_PREFIX,
  DETECTOR_ENV,
} from "../../../contracts/policy-monitor";
import { ruleIdsOf } from "../../../contracts/violation";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import {
  assumeRoleOfFunction,
  createBucketIn,
  type FunctionUnderRole,
} from "../../../test/harness/component-role";
import { expectAccessDenied } from "../../../test/harness/iam-role";
import { motoS3Client } from "../../../test/harness/moto-s3";
import { violationProbe } from "../../../test/support/policy-detector";
import { s3ConfigLoader } from "./config-source";
import { s3DuplicateFilter } from "./dedup-s3";
import { detect, type DetectorDeps } from "./detector";
import { iamPolicySource } from "./iam-policies";
import { discardMetrics } from "./metrics";
import { eventBridgePublisher } from "./publish";

// moto enforces IAM: the detector's clients sign as the role PolicyMonitor gives it, and read and
// publish to the bucket and bus of the names that PolicyMonitor gives it.
const REPO = join(__dirname, "..", "..", "..");
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      join(REPO, "test", "fixtures", "events", "cloudtrail-iam", `${name}.json`),
      "utf8",
    ),
  );
const CI_DEPLOY = (actions: string[]) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
  });

let role: FunctionUnderRole;
let bucket: string;
let adminS3: S3Client;
let probeUrl: string;
let sqs: SQSClient;

beforeAll(async () => {
  role = await assumeRoleOfFunction("policyMonitor", "policy-monitor-detector");
  bucket = role.env[DETECTOR_ENV.rulesBucket];
  const busName = role.env[DETECTOR_ENV.eventBridgeBusName];
  adminS3 = motoS3Client(role.adminConfig);
  await createBucketIn(adminS3, bucket, role.region);
  await adminS3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: CONFIG_BUCKET_KEYS.rules,
      Body: readFileSync(join(REPO, "rules", "rules.yaml"), "utf8"),
    }),
  );
  const iam = new IAMClient(role.adminConfig);
  await iam.send(
    new CreatePolicyCommand({
      PolicyName: "ci-deploy",
      PolicyDocument: CI_DEPLOY(["s3:GetObject"]),
    }),
  );
  await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: "arn:aws:iam::123456789012:policy/ci-deploy",
      PolicyDocument: CI_DEPLOY(["iam:PassRole", "ec2:RunInstances"]),
      SetAsDefault: true,
    }),
  );
  // What reaches the bus is seen the way a responder sees it: a rule with an SQS target.
  const events = new EventBridgeClient(role.adminConfig);
  sqs = new SQSClient(role.adminConfig);
  probeUrl = await violationProbe(events, sqs, busName);
});

const storeErrors: unknown[] = [];

function deps(): DetectorDeps {
  const s3 = motoS3Client(role.roleConfig, role.statements);
  const now = () => new Date("2025-11-23T16:00:05.000Z");
  return {
    duplicates: s3DuplicateFilter(s3, {
      bucket,
      prefix: DEDUP_MARKER_PREFIX,
      windowMs: Number(role.env[DETECTOR_ENV.dedupWindowSeconds]) * 1000,
      now,
      onError: (error) => storeErrors.push(error),
    }),
    loadConfig: s3ConfigLoader(
      s3,
      bucket,
      role.env[DETECTOR_ENV.rulesKey],
      role.env[DETECTOR_ENV.suppressKey],
    ),
    // IAM is global: the entry signs its IAM client for us-east-1 too.
    policies: iamPolicySource(new IAMClient({ ...role.roleConfig, region: "us-east-1" })),
    catalogue: defaultCatalogue(),
    publisher: eventBridgePublisher(
      new EventBridgeClient(role.roleConfig),
      role.env[DETECTOR_ENV.eventBridgeBusName],
      discardMetrics,
      { sleep: async () => undefined },
    ),
    now,
    log: { info: () => undefined, warn: () => undefined },
    metrics: discardMetrics,
  };
}

test("a missing suppress.yaml fails the invocation: S3 answers the role 403, not 404", async () => {
  await expect(detect(fixture("create-policy-version"), deps())).rejects.toThrow(
    `s3://${bucket}/${CONFIG_BUCKET_KEYS.suppress}: AccessDenied: Access Denied`,
  );
});

test("the detector reads its config and the new version, and publishes, with its own role", async () => {
  await adminS3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: CONFIG_BUCKET_KEYS.suppress,
      Body: "version: 1\n",
    }),
  );

  const result = await detect(fixture("create-policy-version"), deps());

  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: probeUrl, MaxNumberOfMessages: 10 }),
  );
  const delivered = (received.Messages ?? []).map((m) => JSON.parse(m.Body!).detail);
  expect(delivered.map((violation) => ruleIdsOf(violation))).toEqual([
    ["passrole-wildcard", "privesc-passrole-ec2", "wildcard-resource-write"],
  ]);
  expect(result.violations).toEqual(delivered);

  // The same change in another event: the role writes and reads its dedup marker.
  const again = fixture("create-policy-version");
  again.detail.eventID = "repeat-of-the-same-change";
  const repeated = await detect(again, deps());
  expect(repeated.violations).toEqual([]);
  expect(repeated.duplicates.map((entry) => entry.duplicateOf)).toEqual([
    result.violations[0].violationId,
  ]);
  expect(storeErrors).toEqual([]);
});

test("the role reads only its two config files", async () => {
  await adminS3.send(new PutObjectCommand({ Bucket: bucket, Key: "other.yaml", Body: "x" }));
  const loader = s3ConfigLoader(
    motoS3Client(role.roleConfig, role.statements),
    bucket,
    "other.yaml",
    CONFIG_BUCKET_KEYS.suppress,
  );

  await expect(loader()).rejects.toThrow(`s3://${bucket}/other.yaml: AccessDenied: Access Denied`);
  await expectAccessDenied(
    new IAMClient({ ...role.roleConfig, region: "us-east-1" }).send(
      new CreatePolicyCommand({ PolicyName: "x", PolicyDocument: CI_DEPLOY(["s3:GetObject"]) }),
    ),
  );
});
