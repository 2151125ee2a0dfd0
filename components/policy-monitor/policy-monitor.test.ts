import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DETECTED_EVENT_NAMES } from "../../contracts/policy-monitor";
import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";
import { detectorStatements } from "./statements";
import {
  policyMonitorArgsFromConfig,
  policyMonitorConfigSchema,
} from "../../config/policy-monitor";
import {
  POLICY_MONITOR_EVENT_NAMES,
  PolicyMonitorArgsError,
  validatePolicyMonitorArgs,
  type PolicyMonitorArgs,
} from ".";

async function plan(region: string, args: PolicyMonitorArgs = {}): Promise<PlannedResource[]> {
  const { resources } = await runProgram({
    config: { "aws:region": region },
    program: async () => {
      const { PolicyMonitor } = await import(".");
      new PolicyMonitor("pm", { region, ...args });
      return {};
    },
  });
  return resources;
}
const envOf = (resource: PlannedResource) =>
  (resource.inputs.environment as { variables: Record<string, string> }).variables;

let euResources: PlannedResource[];
beforeAll(async () => {
  euResources = await plan("eu-west-1");
});

const one = (resources: PlannedResource[], name: string) => {
  const found = resources.filter((resource) => resource.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("PolicyMonitor", () => {
  test("creates exactly its children, forwarding from us-east-1 when the stack is elsewhere", () => {
    const own = euResources
      .filter((resource) =>
        /^pm(-(config|rules|suppress|violations|dlq|dlq-policy|detector|iam-events|iam-events-target|detector-permission|us-east-1|forward-role|forward-policy|iam-forward|iam-forward-target))?$/.test(
          resource.name,
        ),
      )
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(own).toEqual(
      [
        "opsguard:index:PolicyMonitor pm",
        "opsguard:index:SecureBucket pm-config",
        "aws:s3/bucketObjectv2:BucketObjectv2 pm-rules",
        "aws:s3/bucketObjectv2:BucketObjectv2 pm-suppress",
        "aws:cloudwatch/eventBus:EventBus pm-violations",
        "aws:sqs/queue:Queue pm-dlq",
        "aws:sqs/queuePolicy:QueuePolicy pm-dlq-policy",
        "opsguard:index:LambdaFunction pm-detector",
        "aws:cloudwatch/eventRule:EventRule pm-iam-events",
        "aws:cloudwatch/eventTarget:EventTarget pm-iam-events-target",
        "aws:lambda/permission:Permission pm-detector-permission",
        "pulumi:providers:aws pm-us-east-1",
        "aws:iam/role:Role pm-forward-role",
        "aws:iam/rolePolicy:RolePolicy pm-forward-policy",
        "aws:cloudwatch/eventRule:EventRule pm-iam-forward",
        "aws:cloudwatch/eventTarget:EventTarget pm-iam-forward-target",
      ].sort(),
    );
  });

  test("the rule matches exactly the CloudTrail IAM calls the detector judges", () => {
    // The contract's list is the single source of the rule and the detector.
    expect(POLICY_MONITOR_EVENT_NAMES).toEqual([
      "CreatePolicy",
      "CreatePolicyVersion",
      "SetDefaultPolicyVersion",
      "PutUserPolicy",
      "PutRolePolicy",
      "PutGroupPolicy",
      "AttachUserPolicy",
      "AttachRolePolicy",
      "AttachGroupPolicy",
      "UpdateAssumeRolePolicy",
      "CreateRole",
    ]);
    for (const ruleName of ["pm-iam-events", "pm-iam-forward"]) {
      expect(JSON.parse(one(euResources, ruleName).inputs.eventPattern as string)).toEqual({
        source: ["aws.iam"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["iam.amazonaws.com"], eventName: [...DETECTED_EVENT_NAMES] },
      });
    }
  });

  test("the forwarder runs in us-east-1 and targets the stack region's default bus", () => {
    expect(one(euResources, "pm-us-east-1").inputs.region).toBe("us-east-1");
    const target = one(euResources, "pm-iam-forward-target");
    expect(target.inputs.arn).toBe("arn:aws:events:eu-west-1:123456789012:event-bus/default");
    const policy = JSON.parse(one(euResources, "pm-forward-policy").inputs.policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: "ForwardIamEvents",
        Effect: "Allow",
        Action: ["events:PutEvents"],
        Resource: "arn:aws:events:eu-west-1:123456789012:event-bus/default",
      },
    ]);
  });

  test("uploads the repo's rules and suppressions", () => {
    expect(one(euResources, "pm-rules").inputs).toMatchObject({
      key: "rules.yaml",
      contentType: "application/yaml",
    });
    expect(one(euResources, "pm-suppress").inputs).toMatchObject({ key: "suppress.yaml" });
  });

  test("the detector gets least privilege, its env and the DLQ; EventBridge may invoke it from the rule only", () => {
    const policy = JSON.parse(one(euResources, "pm-detector-policy").inputs.policy as string);
    const bucketArn = one(euResources, "pm-config-bucket").state.arn as string;
    const keyArn = one(euResources, "pm-config-key").state.arn as string;
    const busArn = one(euResources, "pm-violations").state.arn as string;
    expect(policy.Statement.slice(1)).toEqual([
      {
        Sid: "ReadManagedPolicies",
        Effect: "Allow",
        Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
        Resource: ["arn:aws:iam::123456789012:policy/*", "arn:aws:iam::aws:policy/*"],
      },
      {
        Sid: "ReadRulesAndSuppressions",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${bucketArn}/rules.yaml`, `${bucketArn}/suppress.yaml`],
      },
      { Sid: "DecryptConfig", Effect: "Allow", Action: ["kms:Decrypt"], Resource: keyArn },
      {
        Sid: "DedupMarkers",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `${bucketArn}/dedup/*`,
      },
      {
        Sid: "EncryptDedupMarkers",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: keyArn,
      },
      { Sid: "PublishViolations", Effect: "Allow", Action: ["events:PutEvents"], Resource: busArn },
      {
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: one(euResources, "pm-dlq").state.arn,
      },
    ]);
    const fn = one(euResources, "pm-detector-function");
    expect((fn.inputs.environment as { variables: Record<string, string> }).variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      RULES_BUCKET: one(euResources, "pm-config-bucket").state.bucket,
      RULES_KEY: "rules.yaml",
      SUPPRESS_KEY: "suppress.yaml",
      EVENTBRIDGE_BUS_NAME: one(euResources, "pm-violations").state.name,
      USE_EVENTBRIDGE: "true",
      DEDUP_WINDOW_SECONDS: "3600",
      METRICS_NAMESPACE: "IAMPolicyMonitor",
    });
    expect(one(euResources, "pm-config-lifecycle").inputs.rules).toEqual([
      {
        id: "expire-dedup-markers",
        status: "Enabled",
        filter: { prefix: "dedup/" },
        expiration: { days: 2 },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      },
    ]);
    expect(fn.inputs.deadLetterConfig).toEqual({ targetArn: one(euResources, "pm-dlq").state.arn });
    expect(one(euResources, "pm-detector-permission").inputs).toMatchObject({
      principal: "events.amazonaws.com",
      sourceArn: one(euResources, "pm-iam-events").state.arn,
    });
  });

  test.each<[string, PolicyMonitorArgs, string]>([
    ["metricsNamespace", { metricsNamespace: "Guard", responders: {} }, "Guard"],
    ["responders.metricsNamespace", { responders: { metricsNamespace: "Guard/IAM" } }, "Guard/IAM"],
    ["both, equal", { metricsNamespace: "G", responders: { metricsNamespace: "G" } }, "G"],
    ["neither", { responders: {} }, "IAMPolicyMonitor"],
  ])(
    "%s: the detector and the responders share one metrics namespace",
    async (_case, args, namespace) => {
      const resources = await plan("us-east-1", args);

      expect(envOf(one(resources, "pm-detector-function")).METRICS_NAMESPACE).toBe(namespace);
      const responderFunctions = resources.filter((resource) =>
        /^pm-responders-.*-function$/.test(resource.name),
      );
      expect(responderFunctions.length).toBeGreaterThan(0);
      expect(responderFunctions.map((resource) => envOf(resource).METRICS_NAMESPACE)).toEqual(
        responderFunctions.map(() => namespace),
      );
      const dashboard = JSON.parse(
        one(resources, "pm-responders-dashboard").inputs.dashboardBody as string,
      );
      expect(dashboard.widgets[0].properties.metrics[0]).toEqual([
        namespace,
        "ViolationCount",
        "service",
        "policy-detector",
      ]);
    },
  );

  test("a metricsNamespace that contradicts responders.metricsNamespace fails naming both", async () => {
    await expect(
      plan("us-east-1", { metricsNamespace: "A", responders: { metricsNamespace: "B" } }),
    ).rejects.toThrow(
      'PolicyMonitor pm: metricsNamespace "A" differs from responders.metricsNamespace "B"; the dashboard would miss the detector\'s metrics',
    );
  });

  test("in us-east-1 there is no forwarder", async () => {
    const resources = await plan("us-east-1");
    expect(
      resources.filter((resource) => /^pm-(us-east-1|forward-|iam-forward)/.test(resource.name)),
    ).toEqual([]);
    expect(resources.filter((resource) => resource.name === "pm-iam-events")).toHaveLength(1);
  });
});

describe("PolicyMonitor config files", () => {
  const rule = (id: string, severity: string) =>
    `  - id: ${id}\n    title: t\n    description: d\n    severity: ${severity}\n` +
    `    match:\n      statement:\n        actions: { anyOf: ["iam:PassRole"] }\n`;
  let project: string;
  let cwd: jest.SpyInstance;
  beforeAll(() => {
    // The mock runtime has no Pulumi.yaml directory: the working directory stands for it.
    project = mkdtempSync(join(tmpdir(), "policy-monitor-project-"));
    mkdirSync(join(project, "rules"));
    const rules = ["a", "b", "c"].map((id) => rule(id, "HIGH")).join("");
    writeFileSync(join(project, "rules", "good.yaml"), `version: 1\nrules:\n${rules}`);
    writeFileSync(
      join(project, "rules", "bad.yaml"),
      `version: 1\nrules:\n${rules}${rule("d", "URGENT")}`,
    );
    cwd = jest.spyOn(process, "cwd").mockReturnValue(project);
  });
  afterAll(() => {
    cwd.mockRestore();
    rmSync(project, { recursive: true, force: true });
  });

  test("a bad rules file fails at construction, naming the arg, the file and the key", async () => {
    await expect(plan("us-east-1", { rulesPath: "rules/bad.yaml" })).rejects.toThrow(
      new PolicyMonitorArgsError(
        "pm",
        "rulesPath rules/bad.yaml: rules[3].severity must be one of LOW, MEDIUM, HIGH, CRITICAL",
      ),
    );
  });

  test("an absolute path is read as given", async () => {
    const absolute = join(project, "rules", "bad.yaml");
    await expect(plan("us-east-1", { rulesPath: absolute })).rejects.toThrow(
      `PolicyMonitor pm: rulesPath ${absolute}: rules[3].severity must be one of LOW, MEDIUM, HIGH, CRITICAL`,
    );
  });

  test("a missing file names the arg and the path it was looked for at", async () => {
    await expect(
      plan("us-east-1", { rulesPath: "rules/good.yaml", suppressPath: "rules/none.yaml" }),
    ).rejects.toThrow(
      new PolicyMonitorArgsError(
        "pm",
        `suppressPath: no such file: ${join(project, "rules", "none.yaml")} ("rules/none.yaml" is read from the Pulumi project directory ${project})`,
      ),
    );
  });

  test("a bad suppressions file fails naming its key", async () => {
    writeFileSync(
      join(project, "rules", "suppress.yaml"),
      "version: 1\nsuppressions:\n  - rules: [a]\n",
    );
    await expect(plan("us-east-1", { suppressPath: "rules/suppress.yaml" })).rejects.toThrow(
      "PolicyMonitor pm: suppressPath rules/suppress.yaml: suppressions[0].reason is required",
    );
  });

  test("valid files from the project directory are uploaded, and the responders get the config bucket", async () => {
    const resources = await plan("us-east-1", {
      rulesPath: "rules/good.yaml",
      responders: { slackWebhookParameterName: "/opsguard/slack", remediationEnabled: true },
    });

    const bucket = one(resources, "pm-config-bucket").state.bucket;
    expect(one(resources, "pm-rules").inputs).toMatchObject({ bucket, key: "rules.yaml" });
    expect(one(resources, "pm-responders-notification-config").inputs).toMatchObject({
      bucket,
      key: "notification-config.yaml",
    });
    expect(one(resources, "pm-responders-remediator-settings").inputs).toMatchObject({
      bucket,
      key: "remediator.yaml",
    });
    expect(envOf(one(resources, "pm-responders-slack-function")).CONFIG_BUCKET).toBe(bucket);
    expect(envOf(one(resources, "pm-responders-remediator-function")).CONFIG_BUCKET).toBe(bucket);
  });
});

describe("policyMonitorConfigSchema", () => {
  test("maps the stack config to the args", () => {
    const config = policyMonitorConfigSchema.parse({
      rulesPath: "rules/rules.yaml",
      directDelivery: { topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" },
      responders: { emailAddresses: ["security@example.com"], metricsNamespace: "Guard" },
    });
    expect(policyMonitorArgsFromConfig(config)).toEqual({
      rulesPath: "rules/rules.yaml",
      suppressPath: undefined,
      directDelivery: { topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" },
      detectorMemorySize: undefined,
      logRetentionDays: undefined,
      responders: expect.objectContaining({
        emailAddresses: ["security@example.com"],
        metricsNamespace: "Guard",
      }),
    });
    expect(policyMonitorArgsFromConfig({}).responders).toBeUndefined();
  });

  test.each([
    [{ rulePath: "x" }, ["rulePath"]],
    [{ responders: { anything: true } }, ["responders", "anything"]],
    [{ directDelivery: { topicArn: "arn:aws:sqs:eu-west-1:123456789012:q" } }, ["directDelivery"]],
  ])("rejects %j", (value, path) => {
    const result = policyMonitorConfigSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(
      result.error!.issues[0].path.concat(
        (result.error!.issues[0] as { keys?: string[] }).keys ?? [],
      ),
    ).toEqual(expect.arrayContaining(path));
  });
});

describe("validatePolicyMonitorArgs", () => {
  const QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:violations";
  const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/violations";
  const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:violations";
  const baseline: PolicyMonitorArgs = {
    directDelivery: { topicArn: TOPIC_ARN, queueArn: QUEUE_ARN, queueUrl: QUEUE_URL },
    metricsNamespace: "Guard",
    responders: { metricsNamespace: "Guard" },
  };

  test.each<[string, PolicyMonitorArgs]>([
    ["the baseline", baseline],
    ["no args", {}],
    ["direct mode to a topic", { directDelivery: { topicArn: TOPIC_ARN } }],
    ["direct mode to a queue", { directDelivery: { queueArn: QUEUE_ARN, queueUrl: QUEUE_URL } }],
    ["only the responders' namespace", { responders: { metricsNamespace: "Guard" } }],
    ["no dedup window", { dedupWindowMinutes: 0 }],
    ["a day's dedup window", { dedupWindowMinutes: 1440 }],
  ])("accepts %s", (_case, args) => {
    expect(() => validatePolicyMonitorArgs("pm", args)).not.toThrow();
  });

  test.each<[string, PolicyMonitorArgs, string]>([
    [
      "direct mode to nowhere",
      { ...baseline, directDelivery: {} },
      "PolicyMonitor pm: directDelivery needs topicArn, or queueArn with queueUrl",
    ],
    [
      "direct mode to a queue without its URL",
      { ...baseline, directDelivery: { queueArn: QUEUE_ARN } },
      "PolicyMonitor pm: directDelivery needs topicArn, or queueArn with queueUrl",
    ],
    [
      "two metrics namespaces",
      { ...baseline, metricsNamespace: "A", responders: { metricsNamespace: "B" } },
      'PolicyMonitor pm: metricsNamespace "A" differs from responders.metricsNamespace "B"; the dashboard would miss the detector\'s metrics',
    ],
    ...[-1, 1441, 2.5].map((window): [string, PolicyMonitorArgs, string] => [
      `a dedup window of ${window}`,
      { ...baseline, dedupWindowMinutes: window },
      `PolicyMonitor pm: dedupWindowMinutes must be an integer from 0 to 1440, got ${window}`,
    ]),
  ])("rejects %s", (_case, args, message) => {
    const validate = () => validatePolicyMonitorArgs("pm", args);
    expect(validate).toThrow(PolicyMonitorArgsError);
    expect(validate).toThrow(new Error(message));
  });
});

describe("detectorStatements", () => {
  const input = {
    configBucketArn: "arn:aws:s3:::config",
    configKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
    violationBusArn: "arn:aws:events:eu-west-1:123456789012:event-bus/v",
    account: "123456789012",
  };

  test("the dedup markers' grants come with a dedup window only", () => {
    const sids = (dedup: boolean) =>
      detectorStatements({ ...input, dedup }).map((statement) => statement.Sid);
    expect(sids(true)).toEqual([
      "ReadManagedPolicies",
      "ReadRulesAndSuppressions",
      "DecryptConfig",
      "DedupMarkers",
      "EncryptDedupMarkers",
      "PublishViolations",
    ]);
    expect(sids(false)).toEqual([
      "ReadManagedPolicies",
      "ReadRulesAndSuppressions",
      "DecryptConfig",
      "PublishViolations",
    ]);
  });
});
