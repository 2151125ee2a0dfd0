import type { ResourceValidationPolicy } from "@pulumi/policy";
import { disallowOpensearchPublicDomain } from "./disallow-opensearch-public-domain";
import { enableElasticacheEncryptionAtRest } from "./enable-elasticache-encryption-at-rest";
import { enableElasticacheEncryptionInTransit } from "./enable-elasticache-encryption-in-transit";
import { enableKinesisStreamEncryption } from "./enable-kinesis-stream-encryption";
import { enableOpensearchEncryptionAtRest } from "./enable-opensearch-encryption-at-rest";
import { enableOpensearchNodeToNodeEncryption } from "./enable-opensearch-node-to-node-encryption";
import { enforceLambdaFunctionUrlAuth } from "./enforce-lambda-function-url-auth";
import { enforceOpensearchHttps } from "./enforce-opensearch-https";
import { runResourcePolicy, urnOf } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234";
const OPENSEARCH = "aws:opensearch/domain:Domain";
const ELASTICSEARCH = "aws:elasticsearch/domain:Domain";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const CLUSTER = "aws:elasticache/cluster:Cluster";

/** A domain that every OpenSearch policy accepts. */
const domain = {
  encryptAtRest: { enabled: true, kmsKeyId: KEY },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: {
    enforceHttps: true,
    tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
  },
  vpcOptions: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] },
};
const replicationGroup = {
  engine: "redis",
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
};

type Case = [
  ResourceValidationPolicy,
  string,
  Record<string, unknown>,
  [Record<string, unknown>, string][],
  [Record<string, unknown>, string],
];

/** Per policy and type: a compliant baseline, failing changes with their message, an unknown case. */
const cases: Case[] = [
  ...[OPENSEARCH, ELASTICSEARCH].flatMap((type): Case[] => [
    [
      enableOpensearchEncryptionAtRest,
      type,
      domain,
      [
        [
          { encryptAtRest: undefined },
          "encryptAtRest is not set: the domain's data is not encrypted at rest",
        ],
        [
          { encryptAtRest: { enabled: false } },
          "encryptAtRest.enabled is false: the domain's data is not encrypted at rest",
        ],
      ],
      [{ encryptAtRest: { enabled: UNKNOWN } }, "encryptAtRest.enabled"],
    ],
    [
      enableOpensearchNodeToNodeEncryption,
      type,
      domain,
      [
        [
          { nodeToNodeEncryption: undefined },
          "nodeToNodeEncryption is not set: traffic between the nodes is not encrypted",
        ],
        [
          { nodeToNodeEncryption: { enabled: false } },
          "nodeToNodeEncryption.enabled is false: traffic between the nodes is not encrypted",
        ],
      ],
      [{ nodeToNodeEncryption: UNKNOWN }, "nodeToNodeEncryption"],
    ],
    [
      enforceOpensearchHttps,
      type,
      domain,
      [
        [
          { domainEndpointOptions: undefined },
          "domainEndpointOptions is not set: the endpoint accepts plain HTTP and TLS 1.0 by default",
        ],
        [
          {
            domainEndpointOptions: {
              enforceHttps: false,
              tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
            },
          },
          "domainEndpointOptions.enforceHttps is false: the endpoint accepts plain HTTP",
        ],
        [
          { domainEndpointOptions: { enforceHttps: true } },
          "domainEndpointOptions.tlsSecurityPolicy is not set: the endpoint accepts TLS 1.0 by default",
        ],
        [
          {
            domainEndpointOptions: {
              enforceHttps: true,
              tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07",
            },
          },
          'domainEndpointOptions.tlsSecurityPolicy is "Policy-Min-TLS-1-0-2019-07", which accepts TLS before 1.2',
        ],
      ],
      [
        { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: UNKNOWN } },
        "domainEndpointOptions.tlsSecurityPolicy",
      ],
    ],
    [
      disallowOpensearchPublicDomain,
      type,
      domain,
      [
        [{ vpcOptions: undefined }, "vpcOptions is not set: the domain has a public endpoint"],
        [
          { vpcOptions: { subnetIds: [] } },
          "vpcOptions.subnetIds is empty: the domain has a public endpoint",
        ],
      ],
      [{ vpcOptions: { subnetIds: UNKNOWN } }, "vpcOptions.subnetIds"],
    ],
  ]),
  [
    enableElasticacheEncryptionAtRest,
    REPLICATION_GROUP,
    replicationGroup,
    [
      [
        { atRestEncryptionEnabled: false },
        "atRestEncryptionEnabled is false: the cache is not encrypted at rest",
      ],
      [
        { atRestEncryptionEnabled: undefined },
        "atRestEncryptionEnabled is not set: a Redis replication group is not encrypted at rest by default",
      ],
    ],
    [{ atRestEncryptionEnabled: UNKNOWN }, "atRestEncryptionEnabled"],
  ],
  [
    enableElasticacheEncryptionAtRest,
    CLUSTER,
    { engine: "redis", replicationGroupId: "sessions" },
    [
      [
        { replicationGroupId: undefined },
        "a standalone redis cluster cannot be encrypted at rest: use a ReplicationGroup with atRestEncryptionEnabled or a ServerlessCache",
      ],
      [
        { replicationGroupId: undefined, engine: "memcached" },
        "a standalone memcached cluster cannot be encrypted at rest: use a ReplicationGroup with atRestEncryptionEnabled or a ServerlessCache",
      ],
    ],
    [{ replicationGroupId: UNKNOWN }, "replicationGroupId"],
  ],
  [
    enableElasticacheEncryptionInTransit,
    REPLICATION_GROUP,
    replicationGroup,
    [
      [
        { transitEncryptionEnabled: false },
        "transitEncryptionEnabled is false: connections are not encrypted",
      ],
      [
        { transitEncryptionEnabled: undefined },
        "transitEncryptionEnabled is not set: connections are not encrypted",
      ],
      [
        { transitEncryptionMode: "preferred" },
        'transitEncryptionMode is "preferred": plain connections are still accepted',
      ],
    ],
    [{ transitEncryptionEnabled: UNKNOWN }, "transitEncryptionEnabled"],
  ],
  [
    enableElasticacheEncryptionInTransit,
    CLUSTER,
    { engine: "memcached", transitEncryptionEnabled: true },
    [
      [
        { transitEncryptionEnabled: undefined },
        "transitEncryptionEnabled is not set: connections are not encrypted",
      ],
      [
        { engine: "redis" },
        "a standalone redis cluster cannot encrypt in transit: use a ReplicationGroup with transitEncryptionEnabled",
      ],
    ],
    [{ engine: UNKNOWN }, "engine"],
  ],
  [
    enableKinesisStreamEncryption,
    "aws:kinesis/stream:Stream",
    { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" },
    [
      [
        { encryptionType: undefined },
        "encryptionType is not set (NONE): records are not encrypted",
      ],
      [{ encryptionType: "NONE" }, 'encryptionType is "NONE": records are not encrypted'],
      [{ kmsKeyId: undefined }, 'encryptionType is "KMS" but kmsKeyId is not set'],
    ],
    [{ kmsKeyId: UNKNOWN }, "kmsKeyId"],
  ],
  [
    enforceLambdaFunctionUrlAuth,
    "aws:lambda/functionUrl:FunctionUrl",
    { functionName: "reports", authorizationType: "AWS_IAM" },
    [
      [
        { authorizationType: "NONE" },
        'authorizationType is "NONE": anyone can invoke the function through its URL',
      ],
    ],
    [{ authorizationType: UNKNOWN }, "authorizationType"],
  ],
];

describe.each(cases.map((c) => [`${c[0].name} on ${c[1]}`, ...c] as const))(
  "%s",
  (_name, policy, type, baseline, failing, [unknownChange, unknownProperty]) => {
    const run = (props: Record<string, unknown>, resourceType = type) =>
      runResourcePolicy(policy, { type: resourceType, name: "r", props });

    test("the compliant baseline passes", async () => {
      expect(await run(baseline)).toEqual({ violations: [], unknowns: [] });
    });

    test.each(failing)("%j fails", async (change, message) => {
      expect(await run({ ...baseline, ...change })).toEqual({
        violations: [{ urn: urnOf(type, "r"), message }],
        unknowns: [],
      });
    });

    test("an unknown value cannot be checked during preview", async () => {
      expect(await run({ ...baseline, ...unknownChange })).toEqual({
        violations: [],
        unknowns: [`${unknownProperty} of ${urnOf(type, "r")}`],
      });
    });

    test("an exempted resource is not checked", async () => {
      const failingProps = { ...baseline, ...failing[0][0] };
      const exempt = { [policy.name]: { exemptions: [{ resource: "r", reason: "OPS-1" }] } };
      const result = await runResourcePolicy(
        policy,
        { type, name: "r", props: failingProps },
        exempt,
      );
      expect(result).toEqual({ violations: [], notApplicable: "exempted: OPS-1", unknowns: [] });
    });

    test("not applicable to other types", async () => {
      expect((await run(baseline, "aws:s3/bucket:Bucket")).notApplicable).toBe(
        `applies only to ${typesOf(policy)}`,
      );
    });
  },
);

/** The types a policy names in its not-applicable reason, read back from a run on a stranger. */
function typesOf(policy: ResourceValidationPolicy): string {
  return POLICY_TYPES.get(policy.name)!.join(", ");
}

const POLICY_TYPES = new Map<string, string[]>([
  [enableOpensearchEncryptionAtRest.name, [OPENSEARCH, ELASTICSEARCH]],
  [enableOpensearchNodeToNodeEncryption.name, [OPENSEARCH, ELASTICSEARCH]],
  [enforceOpensearchHttps.name, [OPENSEARCH, ELASTICSEARCH]],
  [disallowOpensearchPublicDomain.name, [OPENSEARCH, ELASTICSEARCH]],
  [enableElasticacheEncryptionAtRest.name, [REPLICATION_GROUP, CLUSTER]],
  [enableElasticacheEncryptionInTransit.name, [REPLICATION_GROUP, CLUSTER]],
  [enableKinesisStreamEncryption.name, ["aws:kinesis/stream:Stream"]],
  [enforceLambdaFunctionUrlAuth.name, ["aws:lambda/functionUrl:FunctionUrl"]],
]);

test("a Valkey replication group is encrypted at rest by default", async () => {
  const run = await runResourcePolicy(enableElasticacheEncryptionAtRest, {
    type: REPLICATION_GROUP,
    name: "g",
    props: { engine: "valkey" },
  });
  expect(run).toEqual({ violations: [], unknowns: [] });
});

test('a replication group with transitEncryptionMode "required" accepts TLS only', async () => {
  const run = await runResourcePolicy(enableElasticacheEncryptionInTransit, {
    type: REPLICATION_GROUP,
    name: "g",
    props: { ...replicationGroup, transitEncryptionMode: "required" },
  });
  expect(run).toEqual({ violations: [], unknowns: [] });
});

test("a standalone Memcached cluster takes no at-rest encryption and says so", async () => {
  const run = await runResourcePolicy(enableElasticacheEncryptionAtRest, {
    type: CLUSTER,
    name: "c",
    props: { engine: "memcached", transitEncryptionEnabled: true },
  });
  expect(run.violations.map((v) => v.message)).toEqual([
    "a standalone memcached cluster cannot be encrypted at rest: use a ReplicationGroup with atRestEncryptionEnabled or a ServerlessCache",
  ]);
});
