import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { IAM_CALLS as codeWatcherCalls } from "../handlers/code-watcher/iam-calls";
import { IAM_CALLS as listingApiCalls } from "../handlers/listing-api/iam-calls";
import { IAM_CALLS as auditWriterCalls } from "../handlers/policy-monitor/audit-writer/iam-calls";
import { IAM_CALLS as detectorCalls } from "../handlers/policy-monitor/detector/iam-calls";
import { IAM_CALLS as emailerCalls } from "../handlers/policy-monitor/emailer/iam-calls";
import { IAM_CALLS as notifierCalls } from "../handlers/policy-monitor/notifier/iam-calls";
import { IAM_CALLS as remediatorCalls } from "../handlers/policy-monitor/remediator/iam-calls";
import { IAM_CALLS as secretSyncCalls } from "../handlers/secret-sync/iam-calls";
import type { IamCall } from "../handlers/shared/iam-calls";
import { parsePolicyDocument } from "../policy-pack/lib/iam/policy-document";
import { IAM_CALLS as trailBackupCalls } from "../handlers/trail-backup/iam-calls";
import { planComponent, planDevStack, type ComponentPlan } from "./harness/component-plan";
import {
  commandsIn,
  expand,
  handlerFiles,
  isAllowed,
  REPO_ROOT,
  resolveNeed,
  serves,
  type ResolvedNeed,
  type Values,
} from "./support/iam-tables";

// What moto cannot enforce (KMS key use, S3's 403 for a missing key, conditions), checked from
// each handler's `iam-calls.ts` against the role its component plans: every need is granted (a
// withheld one is not), and every grant serves a need.

/** Grants that Lambda itself uses with the function's role, not the handler's code. */
const LAMBDA_SERVICE_GRANTS: Record<string, string> = {
  WriteOwnLogs: "the Lambda runtime writes the function's logs",
  SendToDeadLetterQueue: "Lambda sends an asynchronous event that failed every retry",
  SendToOnFailureDestination: "Lambda sends an asynchronous invocation record that failed",
  ConsumeQueue: "the SQS event source mapping polls and deletes with the function's role",
};

/** Files with SDK commands that no function runs: their caller's own credentials apply. */
const NOT_RUN_BY_A_FUNCTION: Record<string, string> = {
  "handlers/code-watcher/restore.ts": "npm run restore, with the operator's credentials",
};

const KEY = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;

interface Variant {
  /** The `only` names of the needs this configuration has. */
  readonly labels: readonly string[];
  readonly plan: () => Promise<ComponentPlan>;
  readonly values: (plan: ComponentPlan, env: Record<string, string>) => Values;
}

interface HandlerSpec {
  readonly folder: string;
  /** The logical name of its LambdaFunction. */
  readonly lambdaFunction: string;
  readonly variants: readonly Variant[];
}

const plans = new Map<string, Promise<ComponentPlan>>();
const cached = (name: string, plan: () => Promise<ComponentPlan>) => () => {
  if (!plans.has(name)) plans.set(name, plan());
  return plans.get(name)!;
};
const dev = cached("dev", planDevStack);
const arnOf = (plan: ComponentPlan, name: string) => String(plan.resource(name).state.arn);
const list = (value: string | undefined) => (value ?? "").split(",").filter(Boolean);

const codeWatcherValues =
  (watched: readonly string[]) => (_: ComponentPlan, env: Record<string, string>) => ({
    watchedFunction: env.TARGET_FUNCTIONS ? list(env.TARGET_FUNCTIONS) : watched,
    bucketKey: KEY("code-watcher"),
  });

const policyMonitorValues = (plan: ComponentPlan): Values => ({
  configKey: arnOf(plan, "policy-monitor-config-key"),
  auditKey: arnOf(plan, "policy-monitor-responders-audit-key"),
  emailKey: arnOf(plan, "policy-monitor-responders-email-key"),
  slackKey: KEY("slack"),
  directTopic: "arn:aws:sns:eu-west-1:123456789012:direct-violations",
  directQueue: "arn:aws:sqs:eu-west-1:123456789012:direct-violations",
});
const policyMonitorVariants: Variant[] = [
  { labels: ["eventbridge"], plan: dev, values: policyMonitorValues },
  {
    labels: ["direct", "slack key"],
    plan: cached("policy-monitor direct", () =>
      planComponent("policyMonitor", (config) => {
        const responders = config.responders as { slack: Record<string, unknown> };
        return {
          ...config,
          directDelivery: {
            topicArn: "arn:aws:sns:eu-west-1:123456789012:direct-violations",
            queueArn: "arn:aws:sqs:eu-west-1:123456789012:direct-violations",
            queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/direct-violations",
          },
          responders: {
            ...responders,
            slack: { ...responders.slack, webhookKmsKeyArn: KEY("slack") },
          },
        };
      }),
    ),
    values: policyMonitorValues,
  },
];
const responder = (name: string): HandlerSpec => ({
  folder: `handlers/policy-monitor/${name}`,
  lambdaFunction: `policy-monitor-responders-${name === "notifier" ? "slack" : name === "emailer" ? "email" : name}`,
  variants: policyMonitorVariants,
});

// The handler's environment names the secrets, not their keys: those come from the variant.
const secretSyncValues = (_: ComponentPlan, env: Record<string, string>): Values => {
  const pairs = JSON.parse(env.SECRET_PAIRS) as Record<string, string>[];
  return {
    rdsSecret: pairs.map((pair) => pair.rdsSecretArn),
    customSecret: pairs.map((pair) => pair.customSecretArn),
    secretKey: [KEY("rds"), KEY("custom")],
    customSecretKey: KEY("custom"),
    appRunnerService:
      "arn:aws:apprunner:eu-west-1:123456789012:service/orders-api/0123456789abcdef",
    ecsService: "arn:aws:ecs:eu-west-1:123456789012:service/apps/orders-api",
  };
};

const HANDLERS: readonly HandlerSpec[] = [
  {
    folder: "handlers/code-watcher",
    lambdaFunction: "code-watcher-watcher",
    variants: [
      { labels: [], plan: dev, values: codeWatcherValues([]) },
      {
        labels: ["sweepAllFunctions", "bucketName", "kmsKeyArn"],
        plan: cached("code-watcher sweep", () =>
          planComponent("codeWatcher", ({ watchedFunctions: _, schedule: __, ...config }) => ({
            ...config,
            sweepAllFunctions: true,
            bucketName: "existing-code-backups",
            kmsKeyArn: KEY("code-watcher"),
          })),
        ),
        values: codeWatcherValues(["any-function"]),
      },
    ],
  },
  {
    folder: "handlers/trail-backup",
    lambdaFunction: "trail-backup-function",
    variants: [
      {
        labels: [],
        plan: dev,
        values: (plan) => ({ backupKey: arnOf(plan, "trail-backup-backup-key") }),
      },
      {
        labels: ["sourceKmsKeyArn"],
        plan: cached("trail-backup source key", () =>
          planComponent("trailBackup", (config) => ({ ...config, sourceKmsKeyArn: KEY("trail") })),
        ),
        values: (plan) => ({
          backupKey: arnOf(plan, "trail-backup-backup-key"),
          sourceKey: KEY("trail"),
        }),
      },
    ],
  },
  {
    folder: "handlers/secret-sync",
    lambdaFunction: "secret-sync-handler",
    variants: [
      { labels: [], plan: dev, values: secretSyncValues },
      {
        labels: ["customer keys", "redeploys"],
        plan: cached("secret-sync keys", () =>
          planComponent("secretSync", (config) => ({
            ...config,
            pairs: (config.pairs as Record<string, unknown>[]).map((pair) => ({
              ...pair,
              rdsSecretKmsKeyArn: KEY("rds"),
              customSecretKmsKeyArn: KEY("custom"),
            })),
            appRunnerServiceArn:
              "arn:aws:apprunner:eu-west-1:123456789012:service/orders-api/0123456789abcdef",
            ecsService: {
              clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/apps",
              serviceName: "orders-api",
            },
          })),
        ),
        values: secretSyncValues,
      },
    ],
  },
  {
    folder: "handlers/listing-api",
    lambdaFunction: "listing-api-handler",
    variants: [{ labels: [], plan: dev, values: () => ({}) }],
  },
  {
    folder: "handlers/policy-monitor/detector",
    lambdaFunction: "policy-monitor-detector",
    variants: policyMonitorVariants,
  },
  responder("emailer"),
  responder("notifier"),
  responder("audit-writer"),
  responder("remediator"),
];

const TABLES: Record<string, readonly IamCall[]> = {
  "handlers/code-watcher": codeWatcherCalls,
  "handlers/trail-backup": trailBackupCalls,
  "handlers/secret-sync": secretSyncCalls,
  "handlers/listing-api": listingApiCalls,
  "handlers/policy-monitor/detector": detectorCalls,
  "handlers/policy-monitor/emailer": emailerCalls,
  "handlers/policy-monitor/notifier": notifierCalls,
  "handlers/policy-monitor/audit-writer": auditWriterCalls,
  "handlers/policy-monitor/remediator": remediatorCalls,
};

function tableOf(spec: HandlerSpec): readonly IamCall[] {
  const table = TABLES[spec.folder];
  if (!table) throw new Error(`${spec.folder} has no iam-calls.ts in TABLES`);
  return table;
}

/** Every need of the table that this configuration has, with its placeholders filled. */
async function needsOf(spec: HandlerSpec, variant: Variant) {
  const plan = await variant.plan();
  const env = plan.environment(spec.lambdaFunction);
  const values: Values = {
    ...Object.fromEntries(Object.entries(env).map(([name, value]) => [`env:${name}`, list(value)])),
    region: plan.region,
    account: "123456789012",
    functionName: plan.functionName(spec.lambdaFunction),
    ...variant.values(plan, env),
  };
  const needs = tableOf(spec).flatMap((call) =>
    call.needs
      .filter((need) => need.only === undefined || variant.labels.includes(need.only))
      .flatMap((need) => resolveNeed(call.command, need, values)),
  );
  return { needs, statements: plan.statements(spec.lambdaFunction) };
}

const describeNeed = (need: ResolvedNeed) =>
  `${need.command}: ${need.need.action} on ${need.resource}${
    Object.keys(need.context).length > 0 ? ` with ${JSON.stringify(need.context)}` : ""
  }`;

const cases = HANDLERS.flatMap((spec) =>
  spec.variants.map(
    (variant) =>
      [
        `${spec.folder}${variant.labels.length > 0 ? ` (${variant.labels.join(", ")})` : ""}`,
        spec,
        variant,
      ] as const,
  ),
);

describe.each(HANDLERS.map((spec) => [spec.folder, spec] as const))("%s", (_, spec) => {
  test("its table has one row per SDK command the function sends, and no other", () => {
    const sent = commandsIn(handlerFiles(join(REPO_ROOT, spec.folder, "index.ts")));
    const rows = tableOf(spec).map((call) => call.command);

    expect([...new Set(rows)].sort()).toEqual([...sent.keys()].sort());
    expect(rows).toHaveLength(new Set(rows).size);
  });
});

describe.each(cases)("%s", (_, spec, variant) => {
  test("the role allows every need, and refuses every withheld one", async () => {
    const { needs, statements } = await needsOf(spec, variant);

    const missing = needs.filter(
      (need) =>
        !need.need.withheld &&
        !isAllowed(statements, need.need.action, need.resource, need.context),
    );
    const grantedAnyway = needs.filter(
      (need) =>
        need.need.withheld && isAllowed(statements, need.need.action, need.resource, need.context),
    );

    expect(missing.map(describeNeed)).toEqual([]);
    expect(grantedAnyway.map(describeNeed)).toEqual([]);
  });

  test("every granted action serves a need or a documented Lambda service use", async () => {
    const { needs, statements } = await needsOf(spec, variant);
    const served = needs.filter((need) => !need.need.withheld);

    const unused = statements
      .filter((statement) => statement.effect === "Allow")
      .filter((statement) => !(statement.sid && statement.sid in LAMBDA_SERVICE_GRANTS))
      .flatMap((statement) =>
        (statement.action ?? []).flatMap((action) =>
          (statement.resource ?? []).map((resource) => ({ sid: statement.sid, action, resource })),
        ),
      )
      .filter((grant) => !served.some((need) => serves(grant.action, grant.resource, need)))
      .map((grant) => `${grant.sid}: ${grant.action} on ${grant.resource}`);

    expect(unused).toEqual([]);
  });
});

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

test("every SDK command in handlers/ is sent by a function with a table, or is listed here", () => {
  const reached = new Set(
    HANDLERS.flatMap((spec) => [...handlerFiles(join(REPO_ROOT, spec.folder, "index.ts"))]),
  );
  const unreached = [...commandsIn(sourceFiles(join(REPO_ROOT, "handlers"))).values()]
    .flat()
    .filter((file) => !reached.has(join(REPO_ROOT, file)));

  expect([...new Set(unreached)].sort()).toEqual(Object.keys(NOT_RUN_BY_A_FUNCTION).sort());
});

test("every handler entry has a table here", () => {
  const entries = sourceFiles(join(REPO_ROOT, "handlers"))
    .filter((file) => file.endsWith("/index.ts"))
    .map((file) => relative(REPO_ROOT, file).replace(/\/index\.ts$/, ""));

  expect(entries.sort()).toEqual(HANDLERS.map((spec) => spec.folder).sort());
});

test.each([
  ["{env:A}/x", { "env:A": ["1", "2"] }, ["1/x", "2/x"]],
  ["{a}{b}", { a: "x", b: ["y", "z"] }, ["xy", "xz"]],
  ["plain", {}, ["plain"]],
])("expand(%s) gives each ARN it stands for", (template, values, expected) => {
  expect(expand(template, values)).toEqual(expected);
});

test.each([
  ["{missing}", {}],
  ["{empty}", { empty: [] }],
])("expand(%s) without a value fails and names it", (template, values) => {
  expect(() => expand(`arn:${template}`, values)).toThrow(
    `no value for ${template} in "arn:${template}"`,
  );
});

const statement = (raw: Record<string, unknown>) =>
  parsePolicyDocument(JSON.stringify({ Statement: [raw] }), "test")[0];
const LIST_STATE = statement({
  Effect: "Allow",
  Action: "s3:ListBucket",
  Resource: "arn:aws:s3:::b",
  Condition: { StringLike: { "s3:prefix": ["state/*"] } },
});
const READ_ALL = statement({ Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::b/*" });
const DENY_SECRET = statement({
  Effect: "Deny",
  Action: "s3:*",
  Resource: "arn:aws:s3:::b/secret*",
});

test.each([
  [
    "an Allow whose action and resource globs match",
    [READ_ALL],
    "s3:GetObject",
    "arn:aws:s3:::b/k",
    {},
    true,
  ],
  ["action names regardless of case", [READ_ALL], "S3:getobject", "arn:aws:s3:::b/k", {}, true],
  ["no Allow", [READ_ALL], "s3:PutObject", "arn:aws:s3:::b/k", {}, false],
  [
    "a Deny over an Allow",
    [READ_ALL, DENY_SECRET],
    "s3:GetObject",
    "arn:aws:s3:::b/secret",
    {},
    false,
  ],
  [
    "a condition met",
    [LIST_STATE],
    "s3:ListBucket",
    "arn:aws:s3:::b",
    { "s3:prefix": "state/x" },
    true,
  ],
  [
    "a condition not met",
    [LIST_STATE],
    "s3:ListBucket",
    "arn:aws:s3:::b",
    { "s3:prefix": "audit/" },
    false,
  ],
  [
    "a condition key the request lacks (a read of one key)",
    [LIST_STATE],
    "s3:ListBucket",
    "arn:aws:s3:::b",
    {},
    false,
  ],
])("isAllowed: %s", (_case, statements, action, resource, context, expected) => {
  expect(isAllowed(statements, action, resource, context)).toBe(expected);
});
