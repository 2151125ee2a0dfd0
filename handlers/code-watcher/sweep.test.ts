import {
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import type { WatcherConfig } from "./config";
import type { WatcherDeps } from "./deps";
import { BackupError } from "./errors";
import { parseWatchEvent } from "./event";
import type { BackupState } from "./state";
import { runWatch } from "./watch";

// moto ignores ListFunctions paging (it returns every function at once), so the paging is mocked.
const lambdaMock = mockClient(LambdaClient);
const s3Mock = mockClient(S3Client);

const config: WatcherConfig = {
  destBucket: "sweep-backups",
  destPrefix: "lambda-code-backups",
  statePrefix: "lambda-code-backups/.state",
  targetFunctions: [],
  sweepAllFunctions: true,
};

const PAGES: { marker?: string; names: string[]; nextMarker?: string }[] = [
  { names: ["fn-a", "fn-b"], nextMarker: "page-2" },
  { marker: "page-2", names: ["fn-c"], nextMarker: "page-3" },
  { marker: "page-3", names: ["fn-d", "fn-e"] },
];
const ALL = ["fn-a", "fn-b", "fn-c", "fn-d", "fn-e"];
const shaOf = (name: string) => `sha-of-${name}=`;

function stateOf(name: string): BackupState {
  return {
    function: name,
    packageType: "Zip",
    sha256: shaOf(name),
    versionId: `version-of-${name}`,
    zipEtag: `"etag-of-${name}"`,
    key: `lambda-code-backups/${name}.zip`,
    backedUpAt: "2026-03-01T00:00:00.000Z",
  };
}

const download = jest.fn<ReturnType<WatcherDeps["download"]>, Parameters<WatcherDeps["download"]>>(
  () => Promise.reject(new Error("an unchanged function must not be downloaded")),
);
let deps: WatcherDeps;

beforeEach(() => {
  lambdaMock.reset();
  s3Mock.reset();
  download.mockClear();
  lambdaMock.on(ListFunctionsCommand).callsFake((input: { Marker?: string }) => {
    const page = PAGES.find((candidate) => candidate.marker === input.Marker);
    if (!page) throw new Error(`unexpected Marker ${input.Marker}`);
    return {
      Functions: page.names.map((name): FunctionConfiguration => ({ FunctionName: name })),
      NextMarker: page.nextMarker,
    };
  });
  lambdaMock.on(GetFunctionCommand).callsFake((input: { FunctionName: string }) => ({
    Configuration: {
      FunctionName: input.FunctionName,
      FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${input.FunctionName}`,
      CodeSha256: shaOf(input.FunctionName),
      PackageType: "Zip",
    },
    Code: { Location: `https://example.invalid/${input.FunctionName}.zip` },
  }));
  // Every function's state records its current SHA: the sweep finds each one unchanged.
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const name = /\.state\/(.+)\.json$/.exec(input.Key)![1]!;
    const text = JSON.stringify(stateOf(name));
    return { Body: { transformToString: async () => text }, ETag: `"state-etag-${name}"` };
  });
  deps = {
    lambda: new LambdaClient({ region: "us-east-1" }),
    s3: new S3Client({ region: "us-east-1" }),
    download,
    now: () => new Date("2026-03-02T10:16:00.000Z"),
  };
});

test("a sweep of every function follows NextMarker through every page and sweeps each function", async () => {
  const results = await runWatch(deps, config, parseWatchEvent({}));

  expect(
    lambdaMock.commandCalls(ListFunctionsCommand).map((call) => call.args[0].input),
  ).toStrictEqual([{ Marker: undefined }, { Marker: "page-2" }, { Marker: "page-3" }]);
  expect(
    lambdaMock.commandCalls(GetFunctionCommand).map((call) => call.args[0].input),
  ).toStrictEqual(ALL.map((name) => ({ FunctionName: name })));
  expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toStrictEqual(
    ALL.map((name) => ({
      Bucket: "sweep-backups",
      Key: `lambda-code-backups/.state/${name}.json`,
    })),
  );
  expect(results).toStrictEqual(
    ALL.map((name) => ({
      function: name,
      action: "unchanged",
      sha256: shaOf(name),
      versionId: `version-of-${name}`,
      key: `lambda-code-backups/${name}.zip`,
    })),
  );
  expect(lambdaMock).toHaveReceivedCommandTimes(ListFunctionsCommand, 3);
  expect(lambdaMock.calls()).toHaveLength(3 + ALL.length);
  expect(s3Mock.calls()).toHaveLength(ALL.length);
  expect(download).not.toHaveBeenCalled();
});

test("a scheduled event sweeps the same pages", async () => {
  const results = await runWatch(
    deps,
    config,
    parseWatchEvent({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} }),
  );

  expect(lambdaMock).toHaveReceivedCommandTimes(ListFunctionsCommand, 3);
  expect((results as { function: string }[]).map((result) => result.function)).toStrictEqual(ALL);
});

test("a ListFunctions failure on a later page fails the sweep before any function is touched", async () => {
  lambdaMock
    .on(ListFunctionsCommand, { Marker: "page-2" })
    .rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));

  const sweep = runWatch(deps, config, parseWatchEvent({}));

  await expect(sweep).rejects.toThrow(BackupError);
  await expect(sweep).rejects.toThrow(
    "(all functions): ListFunctions failed: TooManyRequestsException: Rate exceeded",
  );
  expect(
    lambdaMock.commandCalls(ListFunctionsCommand).map((call) => call.args[0].input),
  ).toStrictEqual([{ Marker: undefined }, { Marker: "page-2" }]);
  expect(lambdaMock).toHaveReceivedCommandTimes(GetFunctionCommand, 0);
  expect(s3Mock.calls()).toHaveLength(0);
});

test("with sweeping off and no function named, nothing is listed", async () => {
  await expect(
    runWatch(deps, { ...config, sweepAllFunctions: false }, parseWatchEvent({})),
  ).rejects.toThrow(
    "no function to back up: the event names none, TARGET_FUNCTIONS is empty and SWEEP_ALL_FUNCTIONS is off",
  );
  expect(lambdaMock.calls()).toHaveLength(0);
});
