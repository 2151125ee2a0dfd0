import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ConfigFileError } from "../../../contracts/policy-monitor-config/config-file";
import { awsTestConfig } from "../../../test/harness/moto";
import { ConfigLoadError } from "../shared/config-object";
import { remediatorConfig, remediatorConfigFromEnv, remediatorSettingsLoader } from "./config";

const BUCKET = "remediator-config";
const s3 = new S3Client(awsTestConfig());
const put = (key: string, body: string) =>
  s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

beforeAll(() => s3.send(new CreateBucketCommand({ Bucket: BUCKET })));

describe("remediator settings from the config bucket", () => {
  test("the environment says where; remediator.yaml says what, with the contract's defaults", async () => {
    await put("remediator.yaml", "version: 1\nallowedActions: [detach_policy]\n");
    const environment = remediatorConfigFromEnv({
      AUDIT_BUCKET: "audit",
      CONFIG_BUCKET: BUCKET,
      NOTIFICATION_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:t",
    });

    const settings = await remediatorSettingsLoader(s3, BUCKET, environment.settingsKey)();

    expect(remediatorConfig(environment, settings)).toEqual({
      auditBucket: "audit",
      allowedActions: ["detach_policy"],
      dryRun: true,
      protectedPrincipals: [],
      detachAwsManagedPolicies: false,
      notificationTopicArn: "arn:aws:sns:eu-west-1:123456789012:t",
      slackWebhookParameter: undefined,
    });
  });

  test("a bad object fails naming it and the key", async () => {
    await put("bad.yaml", "version: 1\ndryRun: maybe\nallowedActions: [delete_everything]\n");

    const load = remediatorSettingsLoader(s3, BUCKET, "bad.yaml");

    await expect(load()).rejects.toThrow(ConfigFileError);
    await expect(load()).rejects.toThrow(
      `s3://${BUCKET}/bad.yaml: allowedActions[0] must be one of detach_policy, delete_policy, ` +
        "delete_inline_policy, quarantine_policy, restore_previous_default_version; " +
        `s3://${BUCKET}/bad.yaml: dryRun must be true or false`,
    );
  });

  test("a missing object fails naming it", async () => {
    await expect(remediatorSettingsLoader(s3, BUCKET, "none.yaml")()).rejects.toThrow(
      new ConfigLoadError(`s3://${BUCKET}/none.yaml: NoSuchKey: The specified key does not exist.`),
    );
  });

  test("what was read is kept for the TTL, then read again; a failure is not kept", async () => {
    let now = 0;
    await put("cached.yaml", "version: 1\ndryRun: true\n");
    const load = remediatorSettingsLoader(s3, BUCKET, "cached.yaml", {
      ttlMs: 60_000,
      now: () => now,
    });
    expect((await load()).dryRun).toBe(true);

    await put("cached.yaml", "version: 1\ndryRun: false\n");
    now = 59_999;
    expect((await load()).dryRun).toBe(true);
    now = 60_000;
    expect((await load()).dryRun).toBe(false);

    await put("cached.yaml", "version: 2\n");
    now = 120_000;
    await expect(load()).rejects.toThrow(`s3://${BUCKET}/cached.yaml: version must be 1`);
    await put("cached.yaml", "version: 1\ndryRun: true\n");
    expect((await load()).dryRun).toBe(true);
  });
});
