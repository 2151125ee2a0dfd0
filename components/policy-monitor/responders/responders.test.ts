import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRemediatorSettings } from "../../../contracts/policy-monitor-config/remediator-schema";
import { runProgram, type PlannedResource } from "../../../tools/mock-runtime/run-program";
import {
  policyRespondersArgsFromConfig,
  policyRespondersConfigSchema,
} from "../../../config/policy-responders";
import {
  PolicyResponders,
  PolicyRespondersArgsError,
  validatePolicyRespondersArgs,
  type PolicyRespondersArgs,
} from ".";

// Bundling is esbuild's job (and ~20 s for four handlers): here the archives are stand-ins.
jest.mock("../../core/build/bundle", () => ({
  ...jest.requireActual("../../core/build/bundle"),
  buildHandlerArchive: (entry: string) => ({
    path: `/tmp/${entry}.zip`,
    sha256: `sha-${entry}`,
    size: 1,
  }),
}));

const BUS = {
  name: "violations-bus",
  arn: "arn:aws:events:eu-west-1:123456789012:event-bus/violations-bus",
};
const CONFIG_BUCKET = {
  name: "pm-config-bucket",
  arn: "arn:aws:s3:::pm-config-bucket",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/config",
};
const FULL = policyRespondersArgsFromConfig(
  policyRespondersConfigSchema.parse({
    emailAddresses: ["sec@example.com", "oncall@example.com"],
    slack: { webhookParameterName: "/opsguard/slack-webhook", maxAttempts: 5 },
    remediation: {
      enabled: true,
      allowedActions: ["detach_policy", "quarantine_policy"],
      dryRun: false,
      protectedPrincipals: ["arn:aws:iam::*:role/break-glass*", "admin-*"],
      maxReceiveCount: 4,
    },
    metricsNamespace: "Custom/IAM",
  }),
  BUS,
  CONFIG_BUCKET,
);

async function plan(args = FULL) {
  const run = await runProgram({
    program: async () => {
      new PolicyResponders("pm", args);
      return {};
    },
    config: { "aws:region": "eu-west-1" },
  });
  const byName = (name: string) => {
    const found = run.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  return { resources: run.resources, byName };
}
const policyOf = (r: PlannedResource) => JSON.parse(r.inputs.policy as string);
const envOf = (r: PlannedResource) =>
  (r.inputs.environment as { variables: Record<string, string> }).variables;

describe("PolicyResponders", () => {
  let planned: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    planned = await plan();
  }, 60_000);

  test("creates each responder once, every child named from the component and parented to it", () => {
    const { resources } = planned;
    const count = (type: string) => resources.filter((r) => r.type === type).length;
    expect(count("opsguard:index:PolicyResponders")).toBe(1);
    expect(count("opsguard:index:LambdaFunction")).toBe(4);
    expect(count("aws:lambda/function:Function")).toBe(4);
    expect(count("aws:cloudwatch/eventRule:EventRule")).toBe(4);
    expect(count("aws:cloudwatch/eventTarget:EventTarget")).toBe(4);
    expect(count("aws:lambda/permission:Permission")).toBe(3);
    expect(count("aws:sqs/queue:Queue")).toBe(3);
    expect(count("aws:sns/topicSubscription:TopicSubscription")).toBe(2);
    expect(count("aws:cloudwatch/metricAlarm:MetricAlarm")).toBe(7);
    expect(count("aws:glue/catalogTable:CatalogTable")).toBe(1);
    expect(count("aws:cloudwatch/dashboard:Dashboard")).toBe(1);
    const component = resources.find((r) => r.type === "opsguard:index:PolicyResponders")!;
    const direct = resources.filter((r) => r.parent === component.urn).map((r) => r.name);
    expect(direct.every((n) => n.startsWith("pm-"))).toBe(true);
    expect(direct.sort()).toEqual(
      [
        "pm-email-key",
        "pm-email-topic",
        "pm-email-subscription-0",
        "pm-email-subscription-1",
        "pm-dlq",
        "pm-audit",
        "pm-glue",
        "pm-audit-table",
        "pm-email",
        "pm-audit-writer",
        "pm-slack",
        "pm-notification-config",
        "pm-email-rule",
        "pm-email-target",
        "pm-email-invoke",
        "pm-audit-writer-rule",
        "pm-audit-writer-target",
        "pm-audit-writer-invoke",
        "pm-slack-rule",
        "pm-slack-target",
        "pm-slack-invoke",
        "pm-remediation-dlq",
        "pm-remediation",
        "pm-remediation-rule",
        "pm-remediation-target",
        "pm-remediation-policy",
        "pm-remediator",
        "pm-remediator-settings",
        "pm-remediator-source",
        "pm-remediation-dlq-dead-letters",
        "pm-remediation-failures",
        "pm-dlq-policy",
        "pm-dlq-dead-letters",
        "pm-email-errors",
        "pm-audit-writer-errors",
        "pm-slack-errors",
        "pm-remediator-errors",
        "pm-dashboard",
      ].sort(),
    );
  });

  test("the email topic is KMS-encrypted and CloudWatch may use the key", () => {
    const { byName } = planned;
    const key = byName("pm-email-key");
    const topic = resources().find((r) => r.type === "aws:sns/topic:Topic")!;
    expect(topic.inputs.kmsMasterKeyId).toBe(key.state.arn);
    expect(policyOf(key).Statement[1]).toEqual({
      Sid: "CloudWatchPublishesAlarms",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    expect(byName("pm-email-subscription-1").inputs).toMatchObject({
      protocol: "email",
      endpoint: "oncall@example.com",
    });
  });

  test("rules on the violation bus match schema v2, deliver with retries and a DLQ", () => {
    const { byName } = planned;
    const rule = byName("pm-remediation-rule");
    expect(rule.inputs.eventBusName).toBe("violations-bus");
    expect(JSON.parse(rule.inputs.eventPattern as string)).toEqual({
      source: ["opsguard.policy-monitor"],
      "detail-type": ["IAM Policy Violation"],
      detail: { schemaVersion: [{ prefix: "2." }], suggestedAction: [{ exists: true }] },
    });
    expect(JSON.parse(byName("pm-slack-rule").inputs.eventPattern as string).detail).toEqual({
      schemaVersion: [{ prefix: "2." }],
    });
    expect(byName("pm-slack-target").inputs).toMatchObject({
      eventBusName: "violations-bus",
      deadLetterConfig: { arn: byName("pm-dlq").state.arn },
      retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86400 },
    });
    expect(byName("pm-remediation-target").inputs.arn).toBe(byName("pm-remediation").state.arn);
    expect(policyOf(byName("pm-remediation-policy")).Statement[0].Condition).toEqual({
      ArnEquals: { "aws:SourceArn": rule.state.arn },
    });
  });

  test("the remediation queue is encrypted, redrives after N receives and reports partial failures", () => {
    const { byName } = planned;
    const queue = byName("pm-remediation");
    expect(queue.inputs).toMatchObject({
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: 360,
    });
    expect(JSON.parse(queue.inputs.redrivePolicy as string)).toEqual({
      deadLetterTargetArn: byName("pm-remediation-dlq").state.arn,
      maxReceiveCount: 4,
    });
    expect(byName("pm-remediator-source").inputs).toMatchObject({
      eventSourceArn: queue.state.arn,
      batchSize: 10,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  test("the remediator's settings are remediator.yaml in the config bucket, rendered from the args", () => {
    const { byName } = planned;
    const settings = byName("pm-remediator-settings");
    expect(settings.type).toBe("aws:s3/bucketObjectv2:BucketObjectv2");
    expect(settings.inputs).toMatchObject({
      bucket: "pm-config-bucket",
      key: "remediator.yaml",
      contentType: "application/yaml",
    });
    expect(parseRemediatorSettings(settings.inputs.content as string)).toEqual({
      version: 1,
      allowedActions: ["detach_policy", "quarantine_policy"],
      dryRun: false,
      protectedPrincipals: ["arn:aws:iam::*:role/break-glass*", "admin-*"],
      detachAwsManagedPolicies: false,
    });
    const env = envOf(byName("pm-remediator-function"));
    expect(env).toMatchObject({
      CONFIG_BUCKET: "pm-config-bucket",
      REMEDIATOR_SETTINGS_KEY: "remediator.yaml",
    });
    expect(Object.keys(env)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/ALLOWED_ACTIONS|DRY_RUN|PROTECTED/)]),
    );
    const statements = policyOf(byName("pm-remediator-policy")).Statement as Array<{
      Sid: string;
    }>;
    expect(statements.filter((s) => /Config|Settings/.test(s.Sid))).toEqual([
      {
        Sid: "ReadRemediatorSettings",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: "arn:aws:s3:::pm-config-bucket/remediator.yaml",
      },
      {
        Sid: "DecryptConfig",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: "arn:aws:kms:eu-west-1:123456789012:key/config",
      },
    ]);
  });

  test("the remediator gets exactly the IAM actions it calls", () => {
    const { byName } = planned;
    expect(envOf(byName("pm-remediator-function"))).toMatchObject({
      METRICS_NAMESPACE: "Custom/IAM",
      SLACK_WEBHOOK_PARAMETER: "/opsguard/slack-webhook",
    });
    const statements = policyOf(byName("pm-remediator-policy")).Statement as Array<{
      Sid: string;
      Effect: string;
      Action: string[];
      Resource: unknown;
    }>;
    const actions = statements
      .filter((s) => s.Sid !== "WriteOwnLogs" && s.Effect === "Allow")
      .flatMap((s) => s.Action);
    expect(actions.filter((a) => a.startsWith("iam:")).sort()).toEqual(
      [
        "iam:DeleteGroupPolicy",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:DeleteRolePolicy",
        "iam:DeleteUserPolicy",
        "iam:DetachGroupPolicy",
        "iam:DetachRolePolicy",
        "iam:DetachUserPolicy",
        "iam:GetGroup",
        "iam:GetGroupPolicy",
        "iam:GetPolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:GetUser",
        "iam:GetUserPolicy",
        "iam:ListEntitiesForPolicy",
        "iam:ListPolicyVersions",
        "iam:SetDefaultPolicyVersion",
        "iam:TagPolicy",
      ].sort(),
    );
    const principalChanges = [
      ...["iam:DetachUserPolicy", "iam:DetachRolePolicy", "iam:DetachGroupPolicy"],
      ...["iam:DeleteUserPolicy", "iam:DeleteRolePolicy", "iam:DeleteGroupPolicy"],
    ];
    expect(statements.filter((s) => s.Effect === "Deny")).toEqual([
      {
        Sid: "NeverOwnRole",
        Effect: "Deny",
        Action: principalChanges,
        Resource: ["arn:aws:iam::123456789012:role/pm-remediator-role-*"],
      },
      {
        Sid: "NeverServiceLinkedRoles",
        Effect: "Deny",
        Action: principalChanges,
        Resource: ["arn:aws:iam::123456789012:role/aws-service-role/*"],
      },
      {
        Sid: "NeverProtectedPrincipals",
        Effect: "Deny",
        Action: principalChanges,
        Resource: [
          "arn:aws:iam::*:role/break-glass*",
          "arn:aws:iam::123456789012:user/admin-*",
          "arn:aws:iam::123456789012:user/*/admin-*",
          "arn:aws:iam::123456789012:role/admin-*",
          "arn:aws:iam::123456789012:role/*/admin-*",
          "arn:aws:iam::123456789012:group/admin-*",
          "arn:aws:iam::123456789012:group/*/admin-*",
        ],
      },
    ]);
    expect(statements.find((s) => s.Sid === "ReadSlackWebhook")!.Resource).toBe(
      "arn:aws:ssm:eu-west-1:123456789012:parameter/opsguard/slack-webhook",
    );
    // Only SQS invokes it (synchronously): the remediation queue's redrive is its dead-letter path.
    expect(statements.map((s) => s.Sid)).not.toContain("SendToDeadLetterQueue");
    expect(byName("pm-remediator-function").inputs.deadLetterConfig).toBeUndefined();
    // The default aws/ssm key and single-part SSE-KMS writes need no kms:Decrypt.
    expect(statements.filter((s) => s.Action.includes("kms:Decrypt")).map((s) => s.Sid)).toEqual([
      "EncryptForTopic",
      "DecryptConfig",
    ]);
  });

  test("Slack gets the parameter name and where its routing is, never a URL", () => {
    const { byName } = planned;
    const env = envOf(byName("pm-slack-function"));
    expect(env).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      METRICS_NAMESPACE: "Custom/IAM",
      SLACK_WEBHOOK_PARAMETER: "/opsguard/slack-webhook",
      CONFIG_BUCKET: "pm-config-bucket",
      NOTIFICATION_CONFIG_KEY: "notification-config.yaml",
      SLACK_MAX_ATTEMPTS: "5",
    });
    expect(byName("pm-notification-config").inputs).toMatchObject({
      bucket: "pm-config-bucket",
      key: "notification-config.yaml",
      contentType: "application/yaml",
    });
    const statements = policyOf(byName("pm-slack-policy")).Statement as Array<{ Sid: string }>;
    expect(statements.filter((s) => /Config/.test(s.Sid))).toEqual([
      {
        Sid: "ReadNotificationConfig",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: "arn:aws:s3:::pm-config-bucket/notification-config.yaml",
      },
      {
        Sid: "DecryptConfig",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: "arn:aws:kms:eu-west-1:123456789012:key/config",
      },
    ]);
  });

  test.each([
    [
      "a routing file that breaks the schema",
      "version: 1\ndefault:\n  channel: not a channel\n",
      "PolicyResponders pm: notificationConfigPath routing.yaml: default.channel: must be a channel name such as #alerts",
    ],
    [
      "a routing file that is not YAML",
      "version: [1",
      "PolicyResponders pm: notificationConfigPath routing.yaml: not valid YAML: unexpected end of the stream within a flow collection (1:12)",
    ],
  ])("%s fails at construction naming the arg, file and key", async (_case, text, message) => {
    const dir = mkdtempSync(join(tmpdir(), "responders-"));
    writeFileSync(join(dir, "routing.yaml"), text);
    const cwd = jest.spyOn(process, "cwd").mockReturnValue(dir);
    try {
      await expect(plan({ ...FULL, notificationConfigPath: "routing.yaml" })).rejects.toThrow(
        new PolicyRespondersArgsError("pm", message.replace("PolicyResponders pm: ", "")),
      );
    } finally {
      cwd.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a remediator setting the schema refuses fails at construction", async () => {
    await expect(plan({ ...FULL, protectedPrincipals: ["admin-*", ""] })).rejects.toThrow(
      "PolicyResponders pm: remediator.yaml: protectedPrincipals[1] must not be empty",
    );
  });

  test("the Glue table projects year/month/day partitions over the audit prefix", () => {
    const table = planned.byName("pm-audit-table");
    const bucket = resources().find((r) => r.type === "aws:s3/bucket:Bucket")!.state.bucket;
    expect(table.inputs.databaseName).toBe("opsguard_policy_monitor_dev");
    expect(table.inputs.parameters).toMatchObject({
      "projection.enabled": "true",
      "projection.month.digits": "2",
      "storage.location.template": `s3://${bucket}/audit/year=\${year}/month=\${month}/day=\${day}/`,
    });
    expect((table.inputs.partitionKeys as unknown[]).length).toBe(3);
    expect((table.inputs.storageDescriptor as { location: string }).location).toBe(
      `s3://${bucket}/audit/`,
    );
  });

  test("alarms: handler errors, DLQ depth and remediation failures in the namespace", () => {
    const { byName } = planned;
    expect(byName("pm-remediation-failures").inputs).toMatchObject({
      namespace: "Custom/IAM",
      metricName: "RemediationFailure",
      dimensions: { service: "policy-remediator" },
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [byName("pm-email-topic").state.arn],
    });
    expect(byName("pm-remediation-dlq-dead-letters").inputs).toMatchObject({
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: byName("pm-remediation-dlq").state.name },
      alarmActions: [byName("pm-email-topic").state.arn],
    });
    expect(byName("pm-slack-errors").inputs).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: byName("pm-slack-function").state.name },
    });
  });

  test("without Slack or remediation only email and the audit log are created", async () => {
    const minimal = await plan(
      policyRespondersArgsFromConfig(policyRespondersConfigSchema.parse({}), BUS, CONFIG_BUCKET),
    );
    const names = minimal.resources.map((r) => r.name);
    expect(names.filter((n) => /slack|remediat/.test(n))).toEqual([]);
    expect(minimal.resources.filter((r) => r.type === "aws:lambda/function:Function")).toHaveLength(
      2,
    );
  }, 60_000);

  function resources() {
    return planned.resources;
  }
});

describe("policyRespondersConfigSchema", () => {
  test.each([
    [{ emailAdresses: [] }, 'Unrecognized key: "emailAdresses"'],
    [{ remediation: { allowedActions: ["rename_policy"] } }, "remediation.allowedActions.0"],
    [{ slack: { webhookParameterName: "https://hooks.slack.com/x" } }, "must be an SSM name"],
    [{ emailAddresses: ["not-an-email"] }, "emailAddresses.0"],
  ])("rejects %j", (config, message) => {
    const result = policyRespondersConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    const text = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    expect(text).toContain(message);
  });

  // The schema sets no defaults: the component applies them, from the contract.
  test("defaults: remediation off and dry run", async () => {
    const args = policyRespondersArgsFromConfig(
      policyRespondersConfigSchema.parse({ remediation: { enabled: true } }),
      BUS,
      CONFIG_BUCKET,
    );
    expect(args).toMatchObject({ remediationEnabled: true });
    const { byName } = await plan(args);
    const settings = byName("pm-remediator-settings").inputs.content as string;
    expect(parseRemediatorSettings(settings)).toEqual({
      version: 1,
      allowedActions: [],
      dryRun: true,
      protectedPrincipals: [],
      detachAwsManagedPolicies: false,
    });
  }, 60_000);
});

describe("validatePolicyRespondersArgs", () => {
  const baseline: PolicyRespondersArgs = {
    violationBusName: BUS.name,
    violationBusArn: BUS.arn,
    configBucket: CONFIG_BUCKET,
    slackWebhookParameterName: "/opsguard/slack-webhook",
    slackWebhookKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/slack",
    notificationConfigPath: "rules/notification-config.yaml",
    slackMaxAttempts: 4,
  };

  test.each<[string, PolicyRespondersArgs]>([
    ["the baseline", baseline],
    [
      "no Slack at all",
      { violationBusName: BUS.name, violationBusArn: BUS.arn, configBucket: CONFIG_BUCKET },
    ],
    ["one Slack attempt", { ...baseline, slackMaxAttempts: 1 }],
    ["ten Slack attempts", { ...baseline, slackMaxAttempts: 10 }],
  ])("accepts %s", (_case, args) => {
    expect(() => validatePolicyRespondersArgs("pm", args)).not.toThrow();
  });

  test.each<[string, PolicyRespondersArgs, string]>([
    [
      "a Slack key without the webhook parameter",
      { ...baseline, slackWebhookParameterName: undefined },
      "PolicyResponders pm: slackWebhookKmsKeyArn needs slackWebhookParameterName",
    ],
    [
      "a routing file without the webhook parameter",
      {
        ...baseline,
        slackWebhookParameterName: undefined,
        slackWebhookKmsKeyArn: undefined,
      },
      "PolicyResponders pm: notificationConfigPath needs slackWebhookParameterName",
    ],
    [
      "Slack attempts without the webhook parameter",
      {
        violationBusName: BUS.name,
        violationBusArn: BUS.arn,
        configBucket: CONFIG_BUCKET,
        slackMaxAttempts: 4,
      },
      "PolicyResponders pm: slackMaxAttempts needs slackWebhookParameterName",
    ],
    [
      "no Slack attempt",
      { ...baseline, slackMaxAttempts: 0 },
      "PolicyResponders pm: slackMaxAttempts must be an integer from 1 to 10, got 0",
    ],
    [
      "too many Slack attempts",
      { ...baseline, slackMaxAttempts: 11 },
      "PolicyResponders pm: slackMaxAttempts must be an integer from 1 to 10, got 11",
    ],
    [
      "a fractional number of Slack attempts",
      { ...baseline, slackMaxAttempts: 2.5 },
      "PolicyResponders pm: slackMaxAttempts must be an integer from 1 to 10, got 2.5",
    ],
  ])("rejects %s", (_case, args, message) => {
    const validate = () => validatePolicyRespondersArgs("pm", args);
    expect(validate).toThrow(PolicyRespondersArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
