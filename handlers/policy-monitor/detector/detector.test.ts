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

// What each listed event introduces and how the default rules judge it (severity per rule).
const expected: Record<
  (typeof DETECTED_EVENT_NAMES)[number],
  { violations: string[]; suppressed: string[] }
> = {
  CreatePolicy: {
    violations: [
      "full-admin:CRITICAL",
      "service-wildcard:HIGH",
      "wildcard-resource-permissions-management:HIGH",
      "wildcard-resource-write:MEDIUM",
      "passrole-wildcard:HIGH",
      "privesc-policy-version:HIGH",
      "privesc-access-key:HIGH",
      "privesc-login-profile:HIGH",
      "privesc-attach-put-policy:HIGH",
      "privesc-add-user-to-group:HIGH",
      "privesc-update-assume-role-policy:HIGH",
      "privesc-passrole-ec2:HIGH",
      "privesc-passrole-lambda:HIGH",
      "privesc-passrole-glue:HIGH",
      "privesc-glue-update-dev-endpoint:HIGH",
      "privesc-passrole-cloudformation:HIGH",
      "privesc-passrole-datapipeline:HIGH",
      "privesc-passrole-codebuild:HIGH",
      "privesc-passrole-sagemaker:HIGH",
      "privesc-lambda-update-code:HIGH",
      "privesc-ssm-command:HIGH",
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
      "wildcard-resource-write:MEDIUM",
      "privesc-access-key:HIGH",
      "privesc-login-profile:HIGH",
    ],
    suppressed: [],
  },
  PutRolePolicy: { violations: [], suppressed: [] },
  PutGroupPolicy: {
    violations: [
      "service-wildcard:HIGH",
      "allow-not-action:HIGH",
      "wildcard-resource-permissions-management:HIGH",
      "wildcard-resource-write:MEDIUM",
      "privesc-glue-update-dev-endpoint:HIGH",
      "privesc-lambda-update-code:HIGH",
      "privesc-ssm-command:HIGH",
    ],
    suppressed: [],
  },
  AttachUserPolicy: { violations: [], suppressed: [] }, // asserted in its own test
  AttachRolePolicy: {
    violations: ["passrole-wildcard:HIGH", "privesc-passrole-ec2:HIGH"],
    suppressed: ["wildcard-resource-write"],
  },
  AttachGroupPolicy: { violations: [], suppressed: [] }, // asserted in its own test
  UpdateAssumeRolePolicy: { violations: ["trust-wildcard-principal:CRITICAL"], suppressed: [] },
  CreateRole: { violations: ["trust-any-account:HIGH"], suppressed: [] },
};

describe("detect against moto (IAM, S3 config, EventBridge bus)", () => {
  const judged = DETECTED_EVENT_NAMES.filter(
    (name) => !["AttachUserPolicy", "AttachGroupPolicy"].includes(name),
  );

  test.each(judged)("%s: violations, suppressions and delivery on the bus", async (eventName) => {
    const event = fixture(kebab(eventName));
    const result = await detect(event, deps());

    expect(
      result.violations.map((violation) => `${violation.ruleId}:${violation.severity}`),
    ).toEqual(expected[eventName].violations);
    expect(result.suppressed.map((entry) => entry.violation.ruleId)).toEqual(
      expected[eventName].suppressed,
    );
    const delivered = await receiveAll();
    expect(delivered.map((message) => [message.source, message["detail-type"]])).toEqual(
      result.violations.map(() => [VIOLATION_SOURCE, VIOLATION_DETAIL_TYPE]),
    );
    expect(delivered.map((message) => violationSchema.parse(message.detail))).toEqual(
      expect.arrayContaining(result.violations),
    );
  });

  test("AttachUserPolicy of AdministratorAccess: CRITICAL (never suppressed) with actor, event and target", async () => {
    const result = await detect(fixture("attach-user-policy"), deps());

    const critical = result.violations.find((violation) => violation.ruleId === "full-admin")!;
    expect(critical).toEqual({
      schemaVersion: "1.0",
      violationId: expect.stringMatching(/^[0-9a-f]{32}$/),
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
      detectedAt: "2025-11-23T16:00:05.000Z",
    });
    // The suppression of AdministratorAccess takes every finding but the CRITICAL one.
    expect(result.violations.map((violation) => violation.ruleId)).toEqual(["full-admin"]);
    expect(result.suppressed.map((entry) => [entry.violation.severity, entry.reason])).toEqual(
      expected.CreatePolicy.violations
        .filter((id) => !id.endsWith(":CRITICAL"))
        .map((id) => [
          id.split(":")[1],
          "break-glass policy; only its CRITICAL finding is published",
        ]),
    );
    expect((await receiveAll()).map((message) => message.detail.ruleId)).toEqual(["full-admin"]);
  });

  test("the same event gives the same violation ids", async () => {
    const first = await detect(fixture("attach-user-policy"), deps({ publisher: undefined }));
    const second = await detect(fixture("attach-user-policy"), deps({ publisher: undefined }));
    expect(second.violations.map((v) => v.violationId)).toEqual(
      first.violations.map((v) => v.violationId),
    );
    expect(new Set(first.violations.map((v) => v.violationId)).size).toBe(first.violations.length);
  });

  test("AttachGroupPolicy of ReadOnlyAccess: no privilege escalation", async () => {
    const result = await detect(fixture("attach-group-policy"), deps({ publisher: undefined }));
    expect(
      result.violations.filter((violation) => violation.ruleId.startsWith("privesc-")),
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
    expect(result.violations.map((violation) => violation.ruleId)).toEqual(
      expected.AttachRolePolicy.violations.map((id) => id.split(":")[0]),
    );
  });

  test("a failed call (errorCode) introduces nothing", async () => {
    expect(await detect(fixture("put-user-policy-access-denied"), deps())).toEqual({
      violations: [],
      suppressed: [],
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
