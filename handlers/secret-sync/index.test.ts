import type { Context } from "aws-lambda";
import scheduled from "../../test/fixtures/events/secret-sync/scheduled.json";
import { motoEndpoint } from "../../test/harness/moto";
import { ConfigError } from "../shared/env";
import type * as Errors from "./errors";
import type * as Entry from "./index";
import type { SecretSyncEvent } from "./index";
import { createSecret, currentSecret, secretsManagerClient } from "../../test/support/secret-sync";

const FUNCTION_NAME = "secret-sync-handler-function-63bcf68";
const CONTEXT = { functionName: FUNCTION_NAME } as Context;
const EVENT = scheduled as SecretSyncEvent;
const PASSWORD = "entry-pass:#?";

let emf: Record<string, unknown>[];

beforeAll(() => {
  process.env.AWS_ENDPOINT_URL = motoEndpoint();
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
});

/**
 * Imports the entry afresh, as a cold start would: it reads its environment at import. The error
 * classes come from the same fresh import, so `toThrow(Class)` compares the handler's own classes.
 */
async function loadEntry(): Promise<{ handler: typeof Entry.handler; errors: typeof Errors }> {
  let handler!: typeof Entry.handler;
  let errors!: typeof Errors;
  await jest.isolateModulesAsync(async () => {
    errors = await import("./errors");
    ({ handler } = await import("./index"));
  });
  return { handler, errors };
}

beforeEach(() => {
  emf = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    const line = String(chunk);
    if (line.includes('"_aws"')) emf.push(JSON.parse(line));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.RDS_SECRET_ARN;
  delete process.env.CUSTOM_SECRET_ARN;
});

async function givenPair(name: string, customValue: string) {
  const secretsManager = secretsManagerClient();
  process.env.RDS_SECRET_ARN = await createSecret(
    secretsManager,
    `rds!db-${name}`,
    JSON.stringify({ username: "app", password: PASSWORD }),
  );
  process.env.CUSTOM_SECRET_ARN = await createSecret(secretsManager, `${name}-url`, customValue);
  return { secretsManager, customSecretArn: process.env.CUSTOM_SECRET_ARN };
}

/** The one EMF document an invocation prints, with these counts. */
function emfWith(counts: {
  SecretUpdated: number;
  SecretUnchanged: number;
  SyncFailed: number;
  RedeployTriggered: number;
}) {
  return {
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: "opsguard/SecretSync",
          Dimensions: [["service", "FunctionName"]],
          Metrics: Object.keys(counts).map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    service: "secret-sync",
    FunctionName: FUNCTION_NAME,
    ...counts,
  };
}

describe("secret-sync handler", () => {
  test("a changed password is written and counted in one EMF document", async () => {
    const { secretsManager, customSecretArn } = await givenPair(
      "changed",
      "postgres://app:old@db/app",
    );

    const { handler } = await loadEntry();

    const result = await handler(EVENT, CONTEXT);

    const written = await currentSecret(secretsManager, customSecretArn);
    expect(result).toEqual({ action: "updated", versionId: written.VersionId });
    expect(written.SecretString).toBe(
      `postgres://app:${encodeURIComponent(PASSWORD)}@db/app?sslmode=require`,
    );
    expect(emf).toEqual([
      emfWith({ SecretUpdated: 1, SecretUnchanged: 0, SyncFailed: 0, RedeployTriggered: 0 }),
    ]);
  });

  test("an invocation that throws still flushes its metrics", async () => {
    await givenPair("malformed", "mysql://app:old@db/app");
    const { handler, errors } = await loadEntry();

    await expect(handler(EVENT, CONTEXT)).rejects.toThrow(errors.MalformedSecretError);

    expect(emf).toEqual([
      emfWith({ SecretUpdated: 0, SecretUnchanged: 0, SyncFailed: 1, RedeployTriggered: 0 }),
    ]);
  });

  test("a bad configuration fails the cold start and prints no metrics", async () => {
    await expect(loadEntry()).rejects.toThrow(
      new ConfigError(
        "2 environment problems: RDS_SECRET_ARN is not set; CUSTOM_SECRET_ARN is not set",
      ),
    );

    expect(emf).toEqual([]);
  });
});
