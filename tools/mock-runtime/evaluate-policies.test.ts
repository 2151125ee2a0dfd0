import { ExemptionConfigError } from "../../policy-pack/lib/exemptions";
import { UNKNOWN } from "../../policy-pack/lib/unknown";
import { enableS3BucketVersioning } from "../../policy-pack/policies/enable-s3-bucket-versioning";
import { enableSnsTopicEncryption } from "../../policy-pack/policies/enable-sns-topic-encryption";
import { evaluatePolicies, PolicyConfigError } from "./evaluate-policies";
import type { PlannedResource } from "./run-program";

const planned = (type: string, name: string, props: Record<string, unknown>): PlannedResource => ({
  urn: `urn:pulumi:dev::opsguard::${type}::${name}`,
  type,
  name,
  custom: true,
  inputs: props,
  state: props,
  dependencies: [],
  propertyDependencies: {},
});
const topic = (name: string, props: Record<string, unknown> = {}) =>
  planned("aws:sns/topic:Topic", name, props);
const bucket = (name: string) =>
  planned("aws:s3/bucket:Bucket", name, { bucket: `${name}-1234567` });
const policies = [enableSnsTopicEncryption, enableS3BucketVersioning];
const SNS = "enable-sns-topic-encryption";
const VERSIONING = "enable-s3-bucket-versioning";

describe("evaluatePolicies", () => {
  test("runs resource and stack policies at their default levels", async () => {
    expect(await evaluatePolicies([topic("alerts"), bucket("data")], { policies })).toEqual([
      {
        policy: SNS,
        urn: topic("alerts").urn,
        message: "kmsMasterKeyId is not set: the topic is not encrypted",
        enforcementLevel: "mandatory",
      },
      {
        policy: VERSIONING,
        urn: bucket("data").urn,
        message: 'bucket "data" has no BucketVersioning',
        enforcementLevel: "mandatory",
      },
    ]);
  });

  test("a policy's level comes from its config, then from all, then from its default", async () => {
    const levels = async (config: Record<string, unknown>) =>
      (await evaluatePolicies([topic("alerts"), bucket("data")], { policies, config })).map(
        (v) => `${v.policy}=${v.enforcementLevel}`,
      );
    expect(await levels({ [SNS]: "advisory" })).toEqual([
      `${SNS}=advisory`,
      `${VERSIONING}=mandatory`,
    ]);
    expect(await levels({ [SNS]: { enforcementLevel: "disabled" } })).toEqual([
      `${VERSIONING}=mandatory`,
    ]);
    expect(await levels({ all: "advisory", [VERSIONING]: "mandatory" })).toEqual([
      `${SNS}=advisory`,
      `${VERSIONING}=mandatory`,
    ]);
    expect(await levels({ [SNS]: "remediate" })).toEqual([
      `${SNS}=mandatory`,
      `${VERSIONING}=mandatory`,
    ]);
  });

  test.each([
    [{ "no-such-policy": "advisory" }, "policy pack config names unknown policies: no-such-policy"],
    [{ [SNS]: { exemption: [] } }, `${SNS} has unknown config keys: exemption`],
    [{ [SNS]: "strict" }, `${SNS} must be one of advisory, mandatory, remediate, disabled`],
  ])("config %j fails loudly", async (config, message) => {
    await expect(evaluatePolicies([topic("alerts")], { policies, config })).rejects.toThrow(
      new PolicyConfigError(message),
    );
  });

  test("an unknown value is an advisory that names the property", async () => {
    expect(
      await evaluatePolicies([topic("alerts", { kmsMasterKeyId: UNKNOWN })], { policies }),
    ).toEqual([
      {
        policy: SNS,
        urn: topic("alerts").urn,
        message: "cannot be checked during preview: kmsMasterKeyId is unknown",
        enforcementLevel: "advisory",
      },
    ]);
  });

  test("the SDK's own Unknown (mock runtime under preview) is treated as unknown too", async () => {
    const { unknown } = await import("@pulumi/pulumi/output");
    expect(
      (await evaluatePolicies([topic("alerts", { kmsMasterKeyId: unknown })], { policies }))[0]
        .message,
    ).toBe("cannot be checked during preview: kmsMasterKeyId is unknown");
  });

  test("a policy that reads an unknown through the proxy gets the server's advisory", async () => {
    const reader = {
      ...enableSnsTopicEncryption,
      name: "reader",
      validateResource: (args: { props: Record<string, unknown> }) =>
        void args.props.kmsMasterKeyId,
    };
    expect(
      await evaluatePolicies([topic("alerts", { kmsMasterKeyId: UNKNOWN })], {
        policies: [reader],
      }),
    ).toEqual([
      {
        policy: "reader",
        urn: topic("alerts").urn,
        message:
          "cannot be checked during preview: string value at .kmsMasterKeyId can't be known during preview",
        enforcementLevel: "advisory",
      },
    ]);
  });
});

describe("exemptions", () => {
  const exempt = (exemptions: unknown) => ({ [SNS]: { exemptions }, [VERSIONING]: { exemptions } });

  test("a glob on the name exempts resource and stack findings; others still fail", async () => {
    const violations = await evaluatePolicies(
      [topic("scratch-alerts"), topic("alerts"), bucket("scratch-data")],
      {
        policies,
        config: exempt([{ resource: "scratch-*", reason: "throwaway test resources, OPS-142" }]),
      },
    );
    expect(violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`)).toEqual([
      `${SNS} alerts`,
    ]);
  });

  test("a glob on the URN works too", async () => {
    const violations = await evaluatePolicies([topic("alerts")], {
      policies,
      config: exempt([
        {
          resource: "urn:pulumi:dev::*::aws:sns/topic:Topic::*",
          reason: "dev topics hold no data",
        },
      ]),
    });
    expect(violations).toEqual([]);
  });

  test.each([
    [{ resource: "scratch-*" }, `${SNS}.exemptions[0].reason must be a non-empty string`],
    [
      { resource: "scratch-*", reason: " " },
      `${SNS}.exemptions[0].reason must be a non-empty string`,
    ],
    [{ reason: "why" }, `${SNS}.exemptions[0].resource must be a non-empty string`],
    [{ resource: "x", reason: "y", until: "2027" }, `${SNS}.exemptions[0] has unknown keys: until`],
    ["scratch-*", `${SNS}.exemptions[0] must be an object with resource and reason`],
  ])("a malformed exemption %j fails loudly", async (entry, message) => {
    await expect(
      evaluatePolicies([topic("alerts")], { policies, config: exempt([entry]) }),
    ).rejects.toThrow(new ExemptionConfigError(message));
  });
});
