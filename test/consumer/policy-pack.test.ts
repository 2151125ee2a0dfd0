import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startPolicyPack, type RunningPack } from "../support/policy-analyzer";

const REPO_ROOT = join(__dirname, "..", "..");
const PACK_SOURCE = join(REPO_ROOT, "policy-pack");
/** The peers a team's pack already has; `@pulumi/aws` (optional) is left out on purpose. */
const PEERS = ["@pulumi/policy", "@pulumi/pulumi"];

const TEAM_PACK = `import { PolicyPack, type ResourceValidationPolicy } from "@pulumi/policy";
import { opsguardPolicies } from "opsguard-policy-pack";

const requireOwnerTag: ResourceValidationPolicy = {
  name: "team-require-owner-tag",
  description: "Load balancers carry an owner tag.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:lb/loadBalancer:LoadBalancer") return;
    const tags = args.props.tags as Record<string, string> | undefined;
    if (!tags?.owner) reportViolation("tags.owner is not set");
  },
};

new PolicyPack("team-guardrails", {
  policies: [
    ...opsguardPolicies({
      all: "mandatory",
      "enable-lb-deletion-protection": "advisory",
      "enable-lb-access-logs": "disabled",
      "enforce-lambda-function-url-auth": {
        exemptions: [{ resource: "webhook-*", reason: "GitHub webhook; checks its own signature" }],
      },
    }),
    requireOwnerTag,
  ],
});
`;

const urn = (type: string, name: string) => `urn:pulumi:prod::payments::${type}::${name}`;
const resource = (type: string, name: string, props: Record<string, unknown>) => ({
  urn: urn(type, name),
  type,
  name,
  inputs: props,
  state: props,
  dependencies: [],
  propertyDependencies: {},
});
const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
const LB = "aws:lb/loadBalancer:LoadBalancer";

/**
 * `npm pack`s policy-pack/ and installs the tarball into a team's own pack in a temporary folder
 * outside the repository: unpacked into its `node_modules/opsguard-policy-pack`, with the peers a
 * team pack has linked from this repository's `node_modules` (offline). A file the package forgot
 * to ship, a runtime dependency it did not declare, or a nested copy of a peer fails the run.
 */
function installIntoTeamPack() {
  const work = mkdtempSync(join(tmpdir(), "opsguard-team-pack-"));
  const [{ filename, files }] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: PACK_SOURCE,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const teamDir = join(work, "team-guardrails");
  const packageDir = join(teamDir, "node_modules", "opsguard-policy-pack");
  mkdirSync(packageDir, { recursive: true });
  execFileSync("tar", ["-xzf", join(work, filename), "-C", packageDir, "--strip-components=1"]);
  for (const peer of PEERS) {
    const link = join(teamDir, "node_modules", peer);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules", peer), link, "dir");
  }
  writeFileSync(join(teamDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  writeFileSync(
    join(teamDir, "package.json"),
    JSON.stringify(
      { name: "team-guardrails", version: "1.0.0", private: true, main: "index.ts" },
      null,
      2,
    ),
  );
  writeFileSync(join(teamDir, "index.ts"), TEAM_PACK);
  return {
    teamDir,
    packageDir,
    files: files.map((file) => file.path),
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  };
}

describe("opsguard-policy-pack installed into a team's own pack", () => {
  let installed: ReturnType<typeof installIntoTeamPack>;
  let pack: RunningPack;

  beforeAll(async () => {
    installed = installIntoTeamPack();
    pack = await startPolicyPack(installed.teamDir);
  }, 300_000);
  afterAll(async () => {
    await pack?.stop();
    installed?.cleanup();
  });

  test("ships compiled JavaScript and declarations only, with its peers as peers", () => {
    expect(installed.files).toEqual(
      expect.arrayContaining([
        "package.json",
        "dist/library.js",
        "dist/library.d.ts",
        "dist/lib/compose.js",
      ]),
    );
    expect(installed.files.filter((file) => !file.startsWith("dist/")).sort()).toEqual([
      "README.md",
      "package.json",
    ]);
    expect(
      installed.files.filter(
        (file) => /\.test\.|evaluate|generate(?!d\/)|\.ts$/.test(file) && !file.endsWith(".d.ts"),
      ),
    ).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed.packageDir, "package.json"), "utf8"));
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
      "@pulumi/aws",
      "@pulumi/policy",
      "@pulumi/pulumi",
    ]);
    expect(manifest.peerDependenciesMeta).toEqual({ "@pulumi/aws": { optional: true } });
    expect(existsSync(join(installed.teamDir, "node_modules", "@pulumi", "aws"))).toBe(false);
  });

  test("serves every opsguard policy at the team's levels, beside the team's own", async () => {
    const { name, policies } = await pack.info();
    expect(name).toBe("team-guardrails");
    const levels = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
    expect(levels["team-require-owner-tag"]).toBe("mandatory");
    expect(levels["enable-lb-deletion-protection"]).toBe("advisory");
    expect(levels["enable-lb-access-logs"]).toBe("disabled");
    expect(levels["enable-log-group-kms-encryption"]).toBe("mandatory");
    expect(policies.length).toBeGreaterThan(30);
    const tls = policies.find((p) => p.name === "enforce-lb-https-listeners")!;
    expect(tls.tags).toContain("cdk-nag:AwsSolutions-ELB5");
  });

  test("judges a team's resources with the composed levels and exemptions", async () => {
    await pack.configure();
    const diagnostics = await pack.analyze([
      resource(FUNCTION_URL, "webhook-url", { functionName: "hook", authorizationType: "NONE" }),
      resource(FUNCTION_URL, "admin-url", { functionName: "admin", authorizationType: "NONE" }),
      resource(LB, "api", {
        loadBalancerType: "application",
        dropInvalidHeaderFields: true,
        tags: { team: "payments" },
      }),
    ]);
    expect(
      diagnostics.map(({ policy, urn, enforcementLevel, message }) => ({
        policy,
        urn,
        enforcementLevel,
        message: message.split("\n").slice(1).join("\n"),
      })),
    ).toEqual([
      {
        policy: "enforce-lambda-function-url-auth",
        urn: urn(FUNCTION_URL, "admin-url"),
        enforcementLevel: "mandatory",
        message: 'authorizationType is "NONE": anyone can invoke the function through its URL',
      },
      {
        policy: "enable-lb-deletion-protection",
        urn: urn(LB, "api"),
        enforcementLevel: "advisory",
        message: "enableDeletionProtection is not set (false)",
      },
      {
        policy: "team-require-owner-tag",
        urn: urn(LB, "api"),
        enforcementLevel: "mandatory",
        message: "tags.owner is not set",
      },
    ]);
  });
});
