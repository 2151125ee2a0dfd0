import createRole from "../../test/fixtures/events/cloudtrail-iam/create-role.json";
import rotation from "../../test/fixtures/events/secret-sync/rotation-succeeded.json";
import scheduled from "../../test/fixtures/events/secret-sync/scheduled.json";
import { parseSyncTrigger } from "./event";

describe("parseSyncTrigger", () => {
  test.each([
    [
      "the console's test event",
      { key1: "value1", key2: "value2", key3: "value3" },
      "console test event",
    ],
    ["an empty event", {}, "empty event"],
  ])("%s is a manual run", (_name, event, manualRun) => {
    expect(parseSyncTrigger(event)).toEqual({ detailType: "manual run", manualRun });
  });

  test.each([
    ["the schedule", scheduled, { detailType: "Scheduled Event" }],
    [
      "the documented manual event",
      { "detail-type": "Scheduled Event" },
      { detailType: "Scheduled Event" },
    ],
    [
      "a rotation",
      rotation,
      {
        detailType: "AWS Service Event via CloudTrail",
        rotatedSecretId: rotation.detail.additionalEventData.SecretId,
      },
    ],
  ])("%s syncs", (_name, event, trigger) => {
    expect(parseSyncTrigger(event)).toEqual(trigger);
  });

  test.each([
    [
      "a CloudTrail IAM event",
      createRole,
      'SecretSync does not take "AWS API Call via CloudTrail" from aws.iam (CreateRole): SecretSync runs on',
    ],
    [
      "a Secrets Manager event that is not a rotation",
      { ...rotation, detail: { ...rotation.detail, eventName: "RotationFailed" } },
      'SecretSync does not take "AWS Service Event via CloudTrail" from aws.secretsmanager (RotationFailed)',
    ],
    [
      "a rotation without its secret",
      { ...rotation, detail: { ...rotation.detail, additionalEventData: {} } },
      "RotationSucceeded event.detail.additionalEventData.SecretId must be the rotated secret's ARN, got undefined",
    ],
    [
      "an object of other keys",
      { functions: ["f"] },
      'event.detail-type is missing (keys ["functions"]): SecretSync runs on',
    ],
  ])("%s is refused by its kind", (_name, event, message) => {
    expect(() => parseSyncTrigger(event)).toThrow(
      expect.objectContaining({
        name: "InvalidEventError",
        message: expect.stringContaining(message),
      }),
    );
  });

  test("a 200 KB event is quoted in 200 characters", () => {
    const huge = "x".repeat(200_000);

    expect(() => parseSyncTrigger(huge)).toThrow(
      `event must be an object, got "${"x".repeat(199)}… (199802 more characters)`,
    );
    expect(() => parseSyncTrigger({ [huge]: 1 })).toThrow(/^.{0,500}$/);
    expect(() => parseSyncTrigger({ "detail-type": huge })).toThrow(/^.{0,500}$/);
  });
});
