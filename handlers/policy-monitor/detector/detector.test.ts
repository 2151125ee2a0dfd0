import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreatePolicyCommand, CreatePolicyVersionCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig } from "../../../test/harness/moto";
import { violationProbe } from "../../../test/support/policy-detector";
import {
  violationSchema,
  VIOLATION_DETAIL_TYPE,
  VIOLATION_SOURCE,
  type Violation,
} from "../../../contracts/violation";
import { DETECTED_EVENT_NAMES } from "../../../contracts/policy-monitor";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { ConfigLoadError, s3ConfigLoader } from "./config-source";
import { detect, type DetectorDeps } from "./detector";
import { iamPolicySource, type PolicySource } from "./iam-policies";
import { awsManagedPolicyDocument } from "../../../tools/policy-detector-local";
import { discardMetrics } from "./metrics";
import { eventBridgePublisher } from "./publish";

const FIXTURES = join(__dirname, "..", "..", "..", "test", "fixtures", "events", "cloudtrail-iam");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const kebab = (name: string) =>
  name.replace(/[A-Z]/g, (c, i) => `${i ? "-" : ""}${c.toLowerCase()}`);
const RULES = readFileSync(join(__dirname, "..", "..", "..", "rules", "rules.yaml"), "utf8");
const NOW = new Date("2025-11-23T16:00:05.000Z");
const BUCKET = "policy-monitor-config";
const BUS = "policy-violations";

const iam = new IAMClient(awsTestConfig());
const s3 = new S3Client(awsTestConfig());
const events = new EventBridgeClient(awsTestConfig());
const sqs = new SQSClient(awsTestConfig());
const silent = { info: () => undefined, warn: () => undefined };
let queueUrl: string;

const SUPPRESS = `version: 1
suppressions:
  - rules: [wildcard-resource-write]
    targets: ["arn:aws:iam::123456789012:policy/ci-*"]
    reason: CI deployer, reviewed in SEC-142
  - targets: ["arn:aws:iam::123456789012:user/bob"]
    reason: expired exception
    expires: 2025-11-22
  - targets: ["arn:aws:iam::aws:policy/AdministratorAccess"]
    reason: break-glass policy; only its CRITICAL finding is published
`;

const CI_DEPLOY_V1 = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
};
const CI_DEPLOY_V2 = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }],
};

// moto serves AWS managed policies only when its server starts with
// MOTO_IAM_LOAD_MANAGED_POLICIES=true, which the shared harness does not set: their documents come
// from the package that local mode uses; customer policies go through moto's IAM.
const motoIam = iamPolicySource(iam);
const policies: PolicySource = {
  async defaultVersion(policyArn) {
    const managed = awsManagedPolicyDocument(policyArn);
    return managed ? { versionId: "v1", document: managed } : motoIam.defaultVersion(policyArn);
  },
  version: (policyArn, versionId) => motoIam.version(policyArn, versionId),
};

function deps(overrides: Partial<DetectorDeps> = {}): DetectorDeps {
  return {
    loadConfig: s3ConfigLoader(s3, BUCKET, "rules.yaml", "suppress.yaml"),
    policies,
    catalogue: defaultCatalogue(),
    publisher: eventBridgePublisher(events, BUS, discardMetrics, { sleep: async () => undefined }),
    now: () => NOW,
    log: silent,
    metrics: discardMetrics,
    ...overrides,
  };
}

const ruleLabels = (violation: Violation) =>
  violation.rules.map((rule) => `${rule.ruleId}:${rule.severity}`);

async function receiveAll(): Promise<Record<string, any>[]> {
  const received: Record<string, any>[] = [];
  for (;;) {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!response.Messages?.length) return received;
    received.push(...response.Messages.map((message) => JSON.parse(message.Body!)));
  }
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "rules.yaml", Body: RULES }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "suppress.yaml", Body: SUPPRESS }));
  await iam.send(
    new CreatePolicyCommand({
      PolicyName: "ci-deploy",
      PolicyDocument: JSON.stringify(CI_DEPLOY_V1),
    }),
  );
  await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: "arn:aws:iam::123456789012:policy/ci-deploy",
      PolicyDocument: JSON.stringify(CI_DEPLOY_V2),
      SetAsDefault: true,
    }),
  );
  // Delivery is proved the way a responder would see it: a rule on the bus with an SQS target.
  queueUrl = await violationProbe(events, sqs, BUS);
});

// What each listed event introduces and how the default rules judge it: the rules (with their
// severity) inside its one violation, highest severity first, and the rule hits suppressed.
const expected: Record<
  (typeof DETECTED_EVENT_NAMES)[number],
  { violations: string[]; suppressed: string[] }
> = {
  CreatePolicy: {
    violations: [
      "full-admin:CRITICAL",
      "service-wildcard:HIGH",
      "wildcard-resource-permissions-management:HIGH",
      "passrole-wildcard:HIGH",
      "privesc-policy-version:HIGH",
      "privesc-access-key:HIGH",
      "privesc-login-profile:HIGH",
      "privesc-attach-put-policy:HIGH",
      "privesc-add-user-to-group:HIGH",
      "privesc-update-assume-role-policy:HIGH",
      "privesc-assume-any-role:HIGH",
      "privesc-passrole-ec2:HIGH",
      "privesc-ec2-user-data:HIGH",
      "privesc-ec2-launch-template:HIGH",
      "privesc-ec2-instance-connect:HIGH",
      "privesc-passrole-ecs:HIGH",
      "privesc-ecs-execute-command:HIGH",
      "privesc-passrole-lambda:HIGH",
      "privesc-lambda-update-code:HIGH",
      "privesc-passrole-glue:HIGH",
      "privesc-passrole-glue-job:HIGH",
      "privesc-passrole-glue-session:HIGH",
      "privesc-glue-update-dev-endpoint:HIGH",
      "privesc-passrole-cloudformation:HIGH",
      "privesc-passrole-cloudformation-stack-set:HIGH",
      "privesc-cloudformation-update-stack:HIGH",
      "privesc-cloudformation-change-set:HIGH",
      "privesc-passrole-datapipeline:HIGH",
      "privesc-passrole-codebuild:HIGH",
      "privesc-codebuild-start-build:HIGH",
      "privesc-passrole-sagemaker:HIGH",
      "privesc-sagemaker-notebook-url:HIGH",
      "privesc-sagemaker-lifecycle-config:HIGH",
      "privesc-passrole-service-code:HIGH",
      "privesc-apprunner-update-service:HIGH",
      "privesc-bedrock-code-interpreter:HIGH",
      "privesc-mwaa-update-environment:HIGH",
      "privesc-codedeploy-deployment:HIGH",
      "privesc-ssm-command:HIGH",
      "wildcard-resource-write:MEDIUM",
      "wildcard-resource-session-token:LOW",
    ],
    suppressed: [],
  },
  CreatePolicyVersion: {
    violations: ["passrole-wildcard:HIGH", "privesc-passrole-ec2:HIGH"],
    suppressed: ["wildcard-resource-write"],
  },
  SetDefaultPolicyVersion: {
    violations: ["passrole-wildcard:HIGH", "privesc-passrole-ec2:HIGH"],
    suppressed: ["wildcard-resource-write"],
  },
  PutUserPolicy: {
    violations: [
      "privesc-access-key:HIGH",
      "privesc-login-profile:HIGH",
      "wildcard-resource-write:MEDIUM",
    ],
    suppressed: [],
  },
  PutRolePolicy: {
    violations: [],
    suppressed: [],
  },
  PutGroupPolicy: {
    violations: [
      "service-wildcard:HIGH",
      "allow-not-action:HIGH",
      "wildcard-resource-permissions-management:HIGH",
      "privesc-assume-any-role:HIGH",
      "privesc-ec2-user-data:HIGH",
      "privesc-ec2-launch-template:HIGH",
      "privesc-ec2-instance-connect:HIGH",
      "privesc-ecs-execute-command:HIGH",
      "privesc-lambda-update-code:HIGH",
      "privesc-glue-update-dev-endpoint:HIGH",
      "privesc-cloudformation-update-stack:HIGH",
      "privesc-cloudformation-change-set:HIGH",
      "privesc-codebuild-start-build:HIGH",
      "privesc-sagemaker-notebook-url:HIGH",
      "privesc-sagemaker-lifecycle-config:HIGH",
      "privesc-apprunner-update-service:HIGH",
      "privesc-bedrock-code-interpreter:HIGH",
      "privesc-mwaa-update-environment:HIGH",
      "privesc-codedeploy-deployment:HIGH",
      "privesc-ssm-command:HIGH",
      "wildcard-resource-write:MEDIUM",
      "wildcard-resource-session-token:LOW",
    ],
    suppressed: [],
  },
  AttachUserPolicy: { violations: [], suppressed: [] }, // asserted in its own test
  AttachRolePolicy: {
    violations: ["passrole-wildcard:HIGH", "privesc-passrole-ec2:HIGH"],
    suppressed: ["wildcard-resource-write"],
  },
  AttachGroupPolicy: { violations: [], suppressed: [] }, // asserted in its own test
  UpdateAssumeRolePolicy: {
    violations: ["trust-wildcard-principal:CRITICAL"],
    suppressed: [],
  },
  CreateRole: {
    violations: ["trust-any-account:HIGH"],
    suppressed: [],
  },
};

describe("detect against moto (IAM, S3 config, EventBridge bus)", () => {
  const judged = DETECTED_EVENT_NAMES.filter(
    (name) => !["AttachUserPolicy", "AttachGroupPolicy"].includes(name),
  );

  test.each(judged)("%s: violations, suppressions and delivery on the bus", async (eventName) => {
    const event = fixture(kebab(eventName));
    const result = await detect(event, deps());

    expect(result.violations.flatMap(ruleLabels)).toEqual(expected[eventName].violations);
    // One violation for the event's one target, whatever the number of rules.
    expect(result.violations).toHaveLength(expected[eventName].violations.length > 0 ? 1 : 0);
    for (const violation of result.violations) {
      expect(violation.severity).toBe(violation.rules[0].severity);
      expect(violation.title).toBe(violation.rules[0].title);
    }
    expect(result.suppressed.map((entry) => entry.ruleId)).toEqual(expected[eventName].suppressed);
    const delivered = await receiveAll();
    expect(delivered.map((message) => [message.source, message["detail-type"]])).toEqual(
      result.violations.map(() => [VIOLATION_SOURCE, VIOLATION_DETAIL_TYPE]),
    );
    expect(delivered.map((message) => violationSchema.parse(message.detail))).toEqual(
      expect.arrayContaining(result.violations),
    );
  });

  test("AttachUserPolicy of AdministratorAccess: one violation for the user, every matched rule inside it", async () => {
    const loadConfig = async () => ({
      ...(await s3ConfigLoader(s3, BUCKET, "rules.yaml", "suppress.yaml")()),
      suppressions: [],
    });
    const result = await detect(fixture("attach-user-policy"), deps({ loadConfig }));

    expect(result.violations).toHaveLength(1);
    const [violation] = result.violations;
    expect(ruleLabels(violation)).toEqual(expected.CreatePolicy.violations);
    expect({ ...violation, rules: violation.rules.slice(0, 1) }).toEqual({
      schemaVersion: "2.0",
      violationId: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: "CRITICAL",
      title: "Full administrator access",
      rules: [
        {
          ruleId: "full-admin",
          title: "Full administrator access",
          description: "Allows every action on every resource.",
          severity: "CRITICAL",
          findings: [
            {
              statementIndex: 0,
              actions: ["*"],
              resources: ["*"],
              statement: { Effect: "Allow", Action: "*", Resource: "*" },
            },
          ],
        },
      ],
      target: {
        kind: "managed-policy",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        policyName: "AdministratorAccess",
        policyVersionId: "v1",
        principalType: "user",
        principalName: "bob",
        principalArn: "arn:aws:iam::123456789012:user/bob",
      },
      actor: {
        type: "AssumedRole",
        arn: "arn:aws:sts::123456789012:assumed-role/Developer/alice",
        principalId: "AROAEXAMPLEID:alice",
        accountId: "123456789012",
        sourceIPAddress: "203.0.113.10",
        userAgent:
          "aws-cli/2.22.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6",
      },
      eventId: "e0000007-1111-4222-8333-444400000007",
      eventName: "AttachUserPolicy",
      eventTime: "2025-11-23T16:00:00Z",
      awsRegion: "us-east-1",
      accountId: "123456789012",
      suggestedAction: "detach_policy",
      suggestionReason: expect.stringContaining("detaching it from user bob"),
      detectedAt: "2025-11-23T16:00:05.000Z",
    });
    const delivered = await receiveAll();
    expect(delivered.map((message) => message.detail)).toEqual([violation]);
  });

  test("a suppression takes rule hits out of the violation, never the CRITICAL one", async () => {
    const result = await detect(fixture("attach-user-policy"), deps());

    expect(result.violations.map(ruleLabels)).toEqual([["full-admin:CRITICAL"]]);
    // Compared without order: suppressed hits keep the rules file's order, the list is by severity.
    expect(
      result.suppressed.map((entry) => [entry.ruleId, entry.severity, entry.reason]).sort(),
    ).toEqual(
      expected.CreatePolicy.violations
        .filter((id) => !id.endsWith(":CRITICAL"))
        .map((id) => [
          ...id.split(":"),
          "break-glass policy; only its CRITICAL finding is published",
        ])
        .sort(),
    );
    expect((await receiveAll()).map((message) => ruleLabels(message.detail))).toEqual([
      ["full-admin:CRITICAL"],
    ]);
  });

  test("the same event gives the same violation ids", async () => {
    const first = await detect(fixture("attach-user-policy"), deps({ publisher: undefined }));
    const second = await detect(fixture("attach-user-policy"), deps({ publisher: undefined }));
    expect(second.violations.map((v) => v.violationId)).toEqual(
      first.violations.map((v) => v.violationId),
    );
  });

  test("AttachGroupPolicy of ReadOnlyAccess: no privilege escalation", async () => {
    const result = await detect(fixture("attach-group-policy"), deps({ publisher: undefined }));
    expect(
      result.violations.flatMap(ruleLabels).filter((label) => label.startsWith("privesc-")),
    ).toEqual([]);
    expect(
      result.violations.every(
        (violation) => violation.target.policyArn === "arn:aws:iam::aws:policy/ReadOnlyAccess",
      ),
    ).toBe(true);
  });

  test("a URL-encoded GetPolicyVersion document (real AWS) is decoded", async () => {
    const encoding: PolicySource = {
      defaultVersion: async () => ({
        versionId: "v2",
        document: encodeURIComponent(JSON.stringify(CI_DEPLOY_V2)),
      }),
      version: async () => encodeURIComponent(JSON.stringify(CI_DEPLOY_V2)),
    };
    const result = await detect(
      fixture("attach-role-policy"),
      deps({ policies: encoding, publisher: undefined }),
    );
    expect(result.violations.flatMap(ruleLabels)).toEqual(expected.AttachRolePolicy.violations);
  });

  test("a failed call (errorCode) introduces nothing", async () => {
    expect(await detect(fixture("put-user-policy-access-denied"), deps())).toEqual({
      violations: [],
      suppressed: [],
      duplicates: [],
    });
  });

  test("a missing config file fails the invocation naming the object", async () => {
    const loader = s3ConfigLoader(s3, BUCKET, "rules.yaml", "missing.yaml");
    await expect(detect(fixture("put-user-policy"), deps({ loadConfig: loader }))).rejects.toThrow(
      new ConfigLoadError(
        "s3://policy-monitor-config/missing.yaml: NoSuchKey: The specified key does not exist.",
      ),
    );
  });

  test.each([
    [
      { source: "aws.iam", "detail-type": "AWS API Call via CloudTrail" },
      "event.detail is required",
    ],
    [{ ...fixture("put-user-policy"), source: "aws.s3" }, "event.source must be aws.iam"],
    [
      {
        ...fixture("put-user-policy"),
        detail: { ...fixture("put-user-policy").detail, eventID: undefined },
      },
      "event.detail.eventID is required",
    ],
    [
      {
        ...fixture("put-user-policy"),
        detail: { ...fixture("put-user-policy").detail, requestParameters: { userName: "bob" } },
      },
      "event.detail.requestParameters.policyName must be a non-empty string in a PutUserPolicy event",
    ],
  ])("a malformed event fails naming the field: %#", async (event, message) => {
    await expect(detect(event, deps({ publisher: undefined }))).rejects.toMatchObject({
      name: "MalformedEventError",
      message,
    });
  });
});
