import type { ResourceValidationPolicy } from "@pulumi/policy";
import { disallowIamPublicResourcePolicies } from "./disallow-iam-public-resource-policies";
import { enableLbAccessLogs } from "./enable-lb-access-logs";
import { enableLbDeletionProtection } from "./enable-lb-deletion-protection";
import { enableLbDropInvalidHeaders } from "./enable-lb-drop-invalid-headers";
import { enforceCloudfrontHttps } from "./enforce-cloudfront-https";
import { enforceLbHttpsListeners } from "./enforce-lb-https-listeners";
import { describePolicyCases } from "../test/policy-cases";
import { runResourcePolicy, urnOf } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const CLASSIC = "aws:elb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const ALB_LISTENER = "aws:alb/listener:Listener";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/1";

const loadBalancer = {
  loadBalancerType: "application",
  accessLogs: { bucket: "lb-logs", enabled: true },
  dropInvalidHeaderFields: true,
  enableDeletionProtection: true,
};
const httpsListener = {
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: CERTIFICATE,
  defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
};
const redirectListener = {
  port: 80,
  protocol: "HTTP",
  defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443" } }],
};
const distribution = {
  defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
  orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "https-only" }],
  viewerCertificate: {
    acmCertificateArn: CERTIFICATE,
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: "TLSv1.2_2021",
  },
  origins: [
    {
      originId: "api",
      domainName: "api.example.com",
      customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
    },
  ],
};

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders";
const openStatement = { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" };
const narrowed = {
  ...openStatement,
  Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t" } },
};

type Case = [
  ResourceValidationPolicy,
  string,
  Record<string, unknown>,
  [Record<string, unknown>, string][],
  [Record<string, unknown>, string],
];

const cases: Case[] = [
  ...[LISTENER, ALB_LISTENER].flatMap((type): Case[] => [
    [
      enforceLbHttpsListeners,
      type,
      httpsListener,
      [
        [
          { sslPolicy: undefined },
          "sslPolicy is not set: the HTTPS listener gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0",
        ],
        [
          { sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" },
          'sslPolicy "ELBSecurityPolicy-TLS13-1-1-2021-06" accepts TLS before 1.2',
        ],
        [
          { protocol: "HTTP", port: 80 },
          'protocol is "HTTP" on port 80 and the default action is not a redirect to HTTPS',
        ],
      ],
      [{ sslPolicy: UNKNOWN }, "sslPolicy"],
    ],
    [
      enforceLbHttpsListeners,
      type,
      redirectListener,
      [
        [
          { defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }] },
          'protocol is "HTTP" on port 80 and the default action is not a redirect to HTTPS',
        ],
        [
          { protocol: undefined, defaultActions: [{ type: "fixed-response" }] },
          'protocol is "HTTP" on port 80 and the default action is not a redirect to HTTPS',
        ],
      ],
      [{ defaultActions: UNKNOWN }, "defaultActions"],
    ],
  ]),
  [
    enforceLbHttpsListeners,
    CLASSIC,
    {
      listeners: [
        { lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http" },
      ],
    },
    [
      [
        {
          listeners: [
            { lbPort: 80, lbProtocol: "http", instancePort: 8080, instanceProtocol: "http" },
          ],
        },
        'listeners[0] (port 80) uses lbProtocol "http", not HTTPS or SSL',
      ],
    ],
    [{ listeners: [{ lbPort: 443, lbProtocol: UNKNOWN }] }, "listeners[0].lbProtocol"],
  ],
  ...[LB, ALB].flatMap((type): Case[] => [
    [
      enableLbAccessLogs,
      type,
      loadBalancer,
      [
        [
          { accessLogs: undefined },
          "accessLogs is not set: the load balancer writes no access logs",
        ],
        [
          { accessLogs: { bucket: "lb-logs" } },
          "accessLogs.enabled is not set (false): the load balancer writes no access logs",
        ],
        [
          { loadBalancerType: "network", accessLogs: { bucket: "lb-logs", enabled: false } },
          "accessLogs.enabled is false: the load balancer writes no access logs",
        ],
      ],
      [{ loadBalancerType: UNKNOWN }, "loadBalancerType"],
    ],
    [
      enableLbDropInvalidHeaders,
      type,
      loadBalancer,
      [
        [
          { dropInvalidHeaderFields: undefined },
          "dropInvalidHeaderFields is not set (false): malformed headers reach the targets",
        ],
        [
          { loadBalancerType: undefined, dropInvalidHeaderFields: false },
          "dropInvalidHeaderFields is false: malformed headers reach the targets",
        ],
      ],
      [{ dropInvalidHeaderFields: UNKNOWN }, "dropInvalidHeaderFields"],
    ],
    [
      enableLbDeletionProtection,
      type,
      loadBalancer,
      [
        [{ enableDeletionProtection: undefined }, "enableDeletionProtection is not set (false)"],
        [{ enableDeletionProtection: false }, "enableDeletionProtection is false"],
      ],
      [{ enableDeletionProtection: UNKNOWN }, "enableDeletionProtection"],
    ],
  ]),
  [
    enableLbAccessLogs,
    CLASSIC,
    { accessLogs: { bucket: "lb-logs" } },
    [
      [{ accessLogs: undefined }, "accessLogs is not set: the load balancer writes no access logs"],
      [
        { accessLogs: { bucket: "lb-logs", enabled: false } },
        "accessLogs.enabled is false: the load balancer writes no access logs",
      ],
    ],
    [{ accessLogs: UNKNOWN }, "accessLogs"],
  ],
  [
    enforceCloudfrontHttps,
    DISTRIBUTION,
    distribution,
    [
      [
        { defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } },
        'defaultCacheBehavior.viewerProtocolPolicy is "allow-all": viewers can use plain HTTP',
      ],
      [
        { orderedCacheBehaviors: [{ pathPattern: "/img/*", viewerProtocolPolicy: "allow-all" }] },
        'orderedCacheBehaviors[0].viewerProtocolPolicy is "allow-all": viewers can use plain HTTP',
      ],
      [
        { viewerCertificate: { cloudfrontDefaultCertificate: true } },
        "viewerCertificate uses the default CloudFront certificate, whose security policy accepts TLS 1.0",
      ],
      [
        { viewerCertificate: { acmCertificateArn: CERTIFICATE, sslSupportMethod: "sni-only" } },
        'viewerCertificate.minimumProtocolVersion is "TLSv1", which accepts TLS before 1.2',
      ],
      [
        {
          viewerCertificate: {
            acmCertificateArn: CERTIFICATE,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.1_2016",
          },
        },
        'viewerCertificate.minimumProtocolVersion is "TLSv1.1_2016", which accepts TLS before 1.2',
      ],
      [
        {
          origins: [
            {
              originId: "api",
              customOriginConfig: {
                originProtocolPolicy: "http-only",
                originSslProtocols: ["TLSv1.2"],
              },
            },
          ],
        },
        'origins[0] ("api"): originProtocolPolicy is "http-only"',
      ],
      [
        {
          origins: [
            {
              originId: "api",
              customOriginConfig: {
                originProtocolPolicy: "https-only",
                originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
              },
            },
          ],
        },
        'origins[0] ("api"): originSslProtocols allows TLSv1, TLSv1.1',
      ],
    ],
    [
      { viewerCertificate: { ...distribution.viewerCertificate, minimumProtocolVersion: UNKNOWN } },
      "viewerCertificate.minimumProtocolVersion",
    ],
  ],
  ...(
    [
      ["aws:sqs/queuePolicy:QueuePolicy", "policy"],
      ["aws:sqs/queue:Queue", "policy"],
      ["aws:sns/topicPolicy:TopicPolicy", "policy"],
      ["aws:sns/topic:Topic", "policy"],
      ["aws:kms/key:Key", "policy"],
      ["aws:kms/keyPolicy:KeyPolicy", "policy"],
      ["aws:ecr/repositoryPolicy:RepositoryPolicy", "policy"],
    ] as const
  ).map(([type, property]): Case => [
    disallowIamPublicResourcePolicies,
    type,
    { [property]: policy(narrowed) },
    [
      [
        { [property]: policy(openStatement) },
        'policy statement 1 allows ["sqs:SendMessage"] to Principal "*" without a narrowing condition',
      ],
      [
        { [property]: policy({ ...openStatement, Principal: { AWS: "*" }, Sid: "Open" }) },
        'policy statement 1 (Sid "Open") allows ["sqs:SendMessage"] to Principal "*" without a narrowing condition',
      ],
    ],
    [{ [property]: UNKNOWN }, "policy"],
  ]),
];

describePolicyCases(
  cases.map(([policy, type, baseline, failing, unknown]) => ({
    policy,
    type,
    baseline,
    failing,
    unknown,
  })),
);

test.each([
  ["a network load balancer", { loadBalancerType: "network", port: 443, protocol: "TCP" }],
  ["a gateway load balancer", { defaultActions: [{ type: "forward" }] }],
])("%s's plain TCP or GENEVE listener is not judged", async (_name, props) => {
  expect(
    await runResourcePolicy(enforceLbHttpsListeners, { type: LISTENER, name: "l", props }),
  ).toEqual({ violations: [], unknowns: [] });
});

test.each([
  ["network", enableLbDropInvalidHeaders],
  ["gateway", enableLbAccessLogs],
  ["gateway", enableLbDropInvalidHeaders],
])("a %s load balancer is not judged by %s", async (kind, policyUnderTest) => {
  expect(
    await runResourcePolicy(policyUnderTest, {
      type: LB,
      name: "lb",
      props: { loadBalancerType: kind },
    }),
  ).toEqual({ violations: [], unknowns: [] });
});

test.each([
  [
    "aws:SourceOwner (the default SNS topic policy)",
    { StringEquals: { "AWS:SourceOwner": "123456789012" } },
  ],
  ["aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }],
  [
    "kms:CallerAccount",
    {
      StringEquals: {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": "ec2.us-east-1.amazonaws.com",
      },
    },
  ],
])("Principal * narrowed by %s is not public", async (_name, condition) => {
  const props = { policy: policy({ ...openStatement, Resource: QUEUE_ARN, Condition: condition }) };
  expect(
    await runResourcePolicy(disallowIamPublicResourcePolicies, {
      type: "aws:sqs/queuePolicy:QueuePolicy",
      name: "q",
      props,
    }),
  ).toEqual({ violations: [], unknowns: [] });
});

test("a Deny to Principal * is not a grant", async () => {
  const props = {
    policy: policy({
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: QUEUE_ARN,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }),
  };
  expect(
    await runResourcePolicy(disallowIamPublicResourcePolicies, {
      type: "aws:sqs/queuePolicy:QueuePolicy",
      name: "q",
      props,
    }),
  ).toEqual({ violations: [], unknowns: [] });
});

test.each([
  [
    { sslPolicy: undefined },
    "sslPolicy is not set: the TLS listener gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0",
  ],
  [
    { sslPolicy: "ELBSecurityPolicy-2016-08" },
    'sslPolicy "ELBSecurityPolicy-2016-08" accepts TLS before 1.2',
  ],
])("a network load balancer's TLS listener with %j fails", async (change, message) => {
  const props = { ...httpsListener, protocol: "TLS", ...change };
  expect(
    await runResourcePolicy(enforceLbHttpsListeners, { type: LISTENER, name: "l", props }),
  ).toEqual({ violations: [{ urn: urnOf(LISTENER, "l"), message }], unknowns: [] });
});

test.each([
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
])("the TLS 1.2+ security policy %s passes", async (sslPolicy) => {
  const props = { ...httpsListener, sslPolicy };
  expect(
    await runResourcePolicy(enforceLbHttpsListeners, { type: LISTENER, name: "l", props }),
  ).toEqual({ violations: [], unknowns: [] });
});

test("every statement open to Principal * is reported, each by its number", async () => {
  const props = {
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [narrowed, { ...openStatement, Action: "kms:Decrypt" }, openStatement],
    }),
  };
  const run = await runResourcePolicy(disallowIamPublicResourcePolicies, {
    type: "aws:kms/key:Key",
    name: "k",
    props,
  });
  expect(run.violations.map((v) => v.message)).toEqual([
    'policy statement 2 allows ["kms:Decrypt"] to Principal "*" without a narrowing condition',
    'policy statement 3 allows ["sqs:SendMessage"] to Principal "*" without a narrowing condition',
  ]);
});
