import {
  CreatePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { planComponent } from "../../../test/harness/component-plan";
import {
  assumeComponentRole,
  expectAccessDenied,
  type ComponentRole,
} from "../../../test/harness/iam-role";
import { motoS3Client } from "../../../test/harness/moto-s3";
import {
  attach,
  createPolicy,
  createPrincipal,
  violationEvent,
} from "../../../test/support/policy-remediator";
import { createBucketIn } from "../../../test/harness/component-role";
import {
  remediatorConfig,
  remediatorConfigFromEnv,
  remediatorSettingsLoader,
  type RemediatorConfig,
} from "./config";
import { snsOutcomeNotifier } from "./notify";
import { ownRoleNameLoader } from "./own-role";
import { doneMarkerKey, handleRemediationRecord, type RecordDeps } from "./record-handler";

// Every request below runs with moto's IAM enforcement on: the handler's clients sign with the
// role that PolicyResponders gives the remediator in the dev stack, with the same names.
const FUNCTION = "policy-monitor-responders-remediator";
// A managed policy that gives nothing: attached to the remediator's own role, it adds no grant.
const GRANTS_NOTHING = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
});

let role: ComponentRole;
let roleName: string;
let respondersDlqName: string;
let config: RemediatorConfig;
let admin: { iam: IAMClient; s3: S3Client; sqs: SQSClient };
let handlerClients: { iam: IAMClient; s3: S3Client; sns: SNSClient; sts: STSClient };

beforeAll(async () => {
  const plan = await planComponent("policyMonitor");
  const statements = plan.statements(FUNCTION);
  roleName = plan.roleName(FUNCTION);
  respondersDlqName = String(plan.resource("policy-monitor-responders-dlq").state.name);
  const environment = remediatorConfigFromEnv(plan.environment(FUNCTION));
  role = await assumeComponentRole(roleName, statements, plan.region);

  admin = {
    iam: new IAMClient(role.adminConfig),
    s3: motoS3Client(role.adminConfig),
    sqs: new SQSClient(role.adminConfig),
  };
  // remediator.yaml as the component renders it, where it uploads it, read with the role.
  await createBucketIn(admin.s3, environment.configBucket, plan.region);
  await admin.s3.send(
    new PutObjectCommand({
      Bucket: environment.configBucket,
      Key: environment.settingsKey,
      Body: String(plan.resource("policy-monitor-responders-remediator-settings").inputs.content),
    }),
  );
  const settings = await remediatorSettingsLoader(
    motoS3Client(role.roleConfig, statements),
    environment.configBucket,
    environment.settingsKey,
  )();
  // The dev stack runs in dry run; these tests remediate for real.
  config = { ...remediatorConfig(environment, settings), dryRun: false };
  await admin.s3.send(
    new CreateBucketCommand({
      Bucket: config.auditBucket,
      CreateBucketConfiguration: { LocationConstraint: plan.region as "eu-west-1" },
    }),
  );
  const topicName = config.notificationTopicArn!.split(":").pop()!;
  await new SNSClient(role.adminConfig).send(new CreateTopicCommand({ Name: topicName }));

  handlerClients = {
    iam: new IAMClient(role.roleConfig),
    s3: motoS3Client(role.roleConfig, statements),
    sns: new SNSClient(role.roleConfig),
    sts: new STSClient(role.roleConfig),
  };
});

function deps(overrides: Partial<RecordDeps> = {}): RecordDeps {
  return {
    iam: handlerClients.iam,
    s3: handlerClients.s3,
    config,
    ownRoleName: ownRoleNameLoader(handlerClients.sts),
    notifiers: [snsOutcomeNotifier(handlerClients.sns, config.notificationTopicArn!)],
    metrics: { addMetric: () => undefined },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => new Date("2026-11-20T09:16:00.000Z"),
    ...overrides,
  };
}

/** A role with a managed policy attached, and the remediation message that detaches it. */
async function attachedPolicy(principalName: string, path = "/") {
  await createPrincipal(admin.iam, "role", principalName, path);
  const policyArn = await createPolicy(admin.iam, `${principalName}-policy`);
  await attach(admin.iam, "role", principalName, policyArn);
  const violationId = `violation-${principalName}`;
  const body = JSON.stringify(
    violationEvent((violation) => ({
      ...violation,
      violationId,
      suggestedAction: "detach_policy",
      target: { kind: "managed-policy", policyArn, principalType: "role", principalName },
    })),
  );
  return { body, policyArn, violationId };
}

async function attachedTo(roleNameToList: string): Promise<string[]> {
  const listed = await admin.iam.send(
    new ListAttachedRolePoliciesCommand({ RoleName: roleNameToList }),
  );
  return (listed.AttachedPolicies ?? []).map((policy) => policy.PolicyArn!);
}

describe("the remediator under its own role", () => {
  test("S3 answers 403 for a marker not written yet, and the detach still happens", async () => {
    const { body, violationId } = await attachedPolicy("iam-app-role");
    const markerKey = doneMarkerKey(violationId, false);
    await expect(
      handlerClients.s3.send(new HeadObjectCommand({ Bucket: config.auditBucket, Key: markerKey })),
    ).rejects.toMatchObject({ name: "Forbidden", $metadata: { httpStatusCode: 403 } });

    const outcome = await handleRemediationRecord(body, deps());

    expect(outcome).toMatchObject({ status: "SUCCESS", dryRun: false });
    expect(await attachedTo("iam-app-role")).toEqual([]);
    const marker = await admin.s3.send(
      new GetObjectCommand({ Bucket: config.auditBucket, Key: markerKey }),
    );
    expect(JSON.parse(await marker.Body!.transformToString())).toMatchObject({
      status: "SUCCESS",
    });
  });

  test("a repeated message finds the marker and changes nothing", async () => {
    const { body, policyArn } = await attachedPolicy("iam-repeat-role");
    await handleRemediationRecord(body, deps());
    await attach(admin.iam, "role", "iam-repeat-role", policyArn);

    expect(await handleRemediationRecord(body, deps())).toBeNull();
    expect(await attachedTo("iam-repeat-role")).toEqual([policyArn]);
  });

  test.each([
    ["a protected principal", "break-glass-operator", "/"],
    ["a protected principal by name on a path", "admin-ops", "/team/"],
    [
      "a service-linked role",
      "AWSServiceRoleForExample",
      "/aws-service-role/example.amazonaws.com/",
    ],
  ])(
    "the role itself may not change %s, even when the code lets it through",
    async (_, name, path) => {
      const { body, policyArn } = await attachedPolicy(name, path);
      const unchecked = { ...config, protectedPrincipals: [] };

      const outcome = deps({ config: unchecked });
      if (path.startsWith("/aws-service-role/")) {
        // The handler refuses service-linked roles before any call; ask IAM directly.
        await expect(
          handlerClients.iam.send(
            new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }),
          ),
        ).rejects.toMatchObject({ name: "AccessDenied" });
      } else {
        await expect(handleRemediationRecord(body, outcome)).rejects.toThrow(
          /failed to detach .*: AccessDenied/,
        );
      }
      expect(await attachedTo(name)).toEqual([policyArn]);
    },
  );

  test("the role may not change its own role, even when the code lets it through", async () => {
    const extra = await admin.iam.send(
      new CreatePolicyCommand({ PolicyName: "own-role-extra", PolicyDocument: GRANTS_NOTHING }),
    );
    const policyArn = extra.Policy!.Arn!;
    await attach(admin.iam, "role", roleName, policyArn);
    const body = JSON.stringify(
      violationEvent((violation) => ({
        ...violation,
        violationId: "violation-own-role",
        suggestedAction: "detach_policy",
        target: {
          kind: "managed-policy",
          policyArn,
          principalType: "role",
          principalName: roleName,
        },
      })),
    );

    await expect(
      handleRemediationRecord(body, deps({ ownRoleName: async () => "someone-else" })),
    ).rejects.toThrow(/failed to detach .*: AccessDenied/);
    expect(await attachedTo(roleName)).toEqual([policyArn]);
  });

  test("the role reads remediator.yaml and no other config object", async () => {
    const plan = await planComponent("policyMonitor");
    const { configBucket } = remediatorConfigFromEnv(plan.environment(FUNCTION));
    await admin.s3.send(
      new PutObjectCommand({ Bucket: configBucket, Key: "rules.yaml", Body: "x" }),
    );
    const loader = remediatorSettingsLoader(handlerClients.s3, configBucket, "rules.yaml");

    await expect(loader()).rejects.toThrow(
      `s3://${configBucket}/rules.yaml: AccessDenied: Access Denied`,
    );
  });

  test("what the role no longer holds is refused: other prefixes, reading audit records, the DLQ", async () => {
    const dlq = await admin.sqs.send(new CreateQueueCommand({ QueueName: respondersDlqName }));

    await expect(
      handlerClients.s3.send(
        new PutObjectCommand({ Bucket: config.auditBucket, Key: "elsewhere/x.json", Body: "{}" }),
      ),
    ).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(
      handlerClients.s3.send(
        new GetObjectCommand({ Bucket: config.auditBucket, Key: "audit/anything.json" }),
      ),
    ).rejects.toMatchObject({ name: "AccessDenied" });
    await expectAccessDenied(
      new SQSClient(role.roleConfig).send(
        new SendMessageCommand({ QueueUrl: dlq.QueueUrl!, MessageBody: "{}" }),
      ),
    );
  });
});
