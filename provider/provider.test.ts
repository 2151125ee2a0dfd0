import type { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runProgram, type PlannedResource } from "../tools/mock-runtime/run-program";
import { sourceProvider } from "../tools/schema";
import { declaredInputs } from "../test/support/args-inputs";
import {
  Alerts,
  CodeWatcher,
  ListingApi,
  PolicyMonitor,
  SecretSync,
  TrailBackup,
} from "../library";
import { PACKAGE_COMPONENTS } from "./components";

// Handler bundling is esbuild's job, tested beside it; here the archives are stand-ins.
jest.mock("../components/core/build/bundle", () => ({
  buildHandlerArchive: (entry: string) => ({
    path: `/tmp/${entry}.zip`,
    sha256: `sha-${entry}`,
    size: 1,
  }),
}));

const VERSION = (
  JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;

interface SchemaProperty {
  description?: string;
  $ref?: string;
  items?: { $ref?: string };
  enum?: { value: string }[];
}
interface Schema {
  name: string;
  version: string;
  resources: Record<
    string,
    {
      isComponent: boolean;
      required?: string[];
      inputProperties: Record<string, SchemaProperty>;
      requiredInputs: string[];
      properties: Record<string, SchemaProperty>;
    }
  >;
  types: Record<
    string,
    {
      properties?: Record<string, SchemaProperty>;
      required?: string[];
      enum?: { value: string }[];
    }
  >;
}

/** Args that set most of each component's options, so that construct sees nested and enum values. */
const COMPONENTS = [
  {
    type: CodeWatcher,
    args: { watchedFunctions: ["billing-api", "orders-api"], schedule: "rate(1 day)" },
  },
  {
    type: PolicyMonitor,
    args: {
      region: "eu-west-1",
      directDelivery: { topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" },
      responders: {
        emailAddresses: ["security@example.com"],
        remediationEnabled: true,
        allowedActions: ["detach_policy", "delete_inline_policy"],
        protectedPrincipals: ["break-glass-*"],
      },
    },
  },
  {
    type: SecretSync,
    args: {
      pairs: [
        {
          rdsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf",
          customSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-XyZ123",
          dbName: "orders",
        },
      ],
      ecsService: {
        clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/apps",
        serviceName: "orders",
      },
    },
  },
  {
    type: TrailBackup,
    args: {
      sourceBucketName: "org-trail",
      archiveStorageClass: "DEEP_ARCHIVE",
      objectLock: { mode: "GOVERNANCE", days: 30 },
      alarmEmails: ["oncall@example.com"],
    },
  },
  {
    type: ListingApi,
    args: {
      adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
      allowedPrincipals: ["arn:aws:iam::123456789012:role/reporting"],
      alarms: { errors: 3 },
    },
  },
  {
    type: Alerts,
    args: {
      emails: ["oncall@example.com"],
      slackWorkspaceId: "T0123ABCD",
      slackChannelId: "C0456EFGH",
    },
  },
] as const;

/** What a plan says of a resource, without the URN's stack-specific part. */
function shape(resource: PlannedResource) {
  return {
    urn: resource.urn,
    type: resource.type,
    parent: resource.parent,
    inputs: resource.inputs,
  };
}

describe("the Pulumi package (provider/)", () => {
  let provider: ComponentProvider;
  let schema: Schema;

  beforeAll(async () => {
    provider = sourceProvider();
    schema = JSON.parse(await provider.getSchema()) as Schema;
  }, 120_000);

  test("its schema lists the five components and Alerts as opsguard:index:<Name>, at the package's version", () => {
    expect(schema.name).toBe("opsguard");
    expect(schema.version).toBe(VERSION);
    expect(Object.keys(schema.resources).sort()).toEqual([
      "opsguard:index:Alerts",
      "opsguard:index:CodeWatcher",
      "opsguard:index:ListingApi",
      "opsguard:index:PolicyMonitor",
      "opsguard:index:SecretSync",
      "opsguard:index:TrailBackup",
    ]);
    expect(Object.values(schema.resources).every((resource) => resource.isComponent)).toBe(true);
  });

  test("every input, output and nested property is described", () => {
    const undescribed: string[] = [];
    for (const [token, resource] of Object.entries(schema.resources)) {
      for (const [kind, properties] of [
        ["input", resource.inputProperties],
        ["output", resource.properties],
      ] as const) {
        for (const [name, property] of Object.entries(properties)) {
          if (!property.description?.trim()) undescribed.push(`${token} ${kind} ${name}`);
        }
      }
    }
    for (const [token, type] of Object.entries(schema.types)) {
      for (const [name, property] of Object.entries(type.properties ?? {})) {
        if (!property.description?.trim()) undescribed.push(`${token} ${name}`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  test.each([
    ["opsguard:index:CodeWatcher", []],
    ["opsguard:index:PolicyMonitor", []],
    ["opsguard:index:SecretSync", ["pairs"]],
    ["opsguard:index:TrailBackup", ["sourceBucketName"]],
    ["opsguard:index:ListingApi", ["adminRoleArns"]],
    ["opsguard:index:Alerts", []],
  ])("%s requires exactly %j", (token, required) => {
    expect(schema.resources[token].requiredInputs.sort()).toEqual(required);
  });

  test("every input a TypeScript user has is in the schema, nested ones too, required as declared", () => {
    const names = PACKAGE_COMPONENTS.map((component) => component.name);
    const { args, interfaces } = declaredInputs(names);
    const declared: Record<string, unknown> = {};
    const offered: Record<string, unknown> = {};
    const reachable = new Set<string>();
    const collect = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      interfaces[name].nested.forEach(collect);
    };
    for (const component of names) {
      const resource = schema.resources[`opsguard:index:${component}`];
      declared[component] = interfaces[args[component]].properties;
      offered[component] = Object.fromEntries(
        Object.keys(resource.inputProperties).map((key) => [
          key,
          resource.requiredInputs.includes(key),
        ]),
      );
      interfaces[args[component]].nested.forEach(collect);
    }
    for (const name of reachable) {
      const type = schema.types[`opsguard:index:${name}`];
      declared[name] = interfaces[name].properties;
      offered[name] = Object.fromEntries(
        Object.keys(type?.properties ?? {}).map((key) => [
          key,
          (type.required ?? []).includes(key),
        ]),
      );
    }
    expect(Object.keys(declared)).toEqual(
      expect.arrayContaining([
        "Alerts",
        "TrailBackup",
        "TrailBackupObjectLock",
        "FailureAlarmThresholds",
      ]),
    );
    expect(offered).toEqual(declared);
  });

  test("enums carry the values the components take", () => {
    const values = (token: string) => schema.types[token].enum!.map((member) => member.value);
    expect(values("opsguard:index:RemediationAction")).toEqual([
      "detach_policy",
      "delete_policy",
      "delete_inline_policy",
      "quarantine_policy",
      "restore_previous_default_version",
    ]);
    expect(values("opsguard:index:ArchiveStorageClass")).toEqual(["GLACIER", "DEEP_ARCHIVE"]);
    expect(values("opsguard:index:ObjectLockMode")).toEqual(["GOVERNANCE", "COMPLIANCE"]);
  });

  test.each(COMPONENTS.map((component) => [component.type.name, component] as const))(
    "construct of %s registers the same children, with the same inputs, as new does",
    async (name, { type, args }) => {
      const viaNew = await runProgram({
        program: async () => {
          new (type as unknown as new (n: string, a: unknown) => unknown)("under-test", args);
          return {};
        },
        config: { "aws:region": "eu-west-1" },
      });
      const viaConstruct = await runProgram({
        program: async () => {
          await provider.construct("under-test", `opsguard:index:${name}`, { ...args }, {});
          return {};
        },
        config: { "aws:region": "eu-west-1" },
      });
      expect(viaNew.resources.length).toBeGreaterThan(5);
      expect(viaConstruct.resources.map(shape)).toEqual(viaNew.resources.map(shape));
    },
  );
});
