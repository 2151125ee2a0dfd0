import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const REPO_ROOT = join(__dirname, "..", "..");
const PROGRAM_TEMPLATE = join(__dirname, "program");
const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

interface PlanReport {
  resources: { urn: string; type: string; name: string; parent?: string; inputs: any }[];
  violations: { policy: string; enforcementLevel: string; urn: string; message: string }[];
}

/**
 * Packs this repository as `npm pack` does for a release, and installs the tarball into a Pulumi
 * program in a temporary folder outside the repository: the package is unpacked into the program's
 * `node_modules/opsguard`, and each of its runtime dependencies is linked from this repository's
 * `node_modules` (offline). Nothing else is reachable from there, so a file the package forgot to
 * ship, or a dependency it forgot to declare, fails the run.
 */
function installPackedPackage(): { programDir: string; packageDir: string; cleanup: () => void } {
  const work = mkdtempSync(join(tmpdir(), "opsguard-consumer-"));
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  ) as { filename: string }[];
  const programDir = join(work, "program");
  cpSync(PROGRAM_TEMPLATE, programDir, { recursive: true });
  const packageDir = join(programDir, "node_modules", "opsguard");
  mkdirSync(packageDir, { recursive: true });
  execFileSync("tar", ["-xzf", join(work, filename), "-C", packageDir, "--strip-components=1"]);
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies)) {
    const link = join(programDir, "node_modules", dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules", dependency), link, "dir");
  }
  return { programDir, packageDir, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

describe("the packed package in a program outside the repository", () => {
  let installed: ReturnType<typeof installPackedPackage>;
  let plan: PlanReport;
  let planExitCode: number | null;

  beforeAll(() => {
    installed = installPackedPackage();
    const run = spawnSync(
      TSX,
      [
        join(REPO_ROOT, "tools", "plan.ts"),
        "--program",
        join(installed.programDir, "index.ts"),
        "--stack",
        "dev",
        "--json",
      ],
      { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 1 << 28 },
    );
    planExitCode = run.status;
    if (!run.stdout) throw new Error(`plan printed nothing: ${run.stderr}`);
    plan = JSON.parse(run.stdout) as PlanReport;
  }, 300_000);
  afterAll(() => installed?.cleanup());

  test("ships compiled JavaScript, declarations, bundles and rules; no sources, tests or benches", () => {
    const files = execFileSync("find", [".", "-type", "f"], {
      cwd: installed.packageDir,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .map((file) => file.slice(2));
    expect(files).toContain("dist/library.js");
    expect(files).toContain("dist/library.d.ts");
    expect(files).toContain("dist/handlers/manifest.json");
    expect(files).toContain("dist/rules/rules.yaml");
    expect(files).toContain("PulumiPlugin.yaml");
    const outsideSchemaSources = files.filter((file) => !file.startsWith("dist/provider/schema/"));
    expect(
      outsideSchemaSources.filter((file) => /\.test\.|bench|fixtures|(?<!\.d)\.ts$/.test(file)),
    ).toEqual([]);
    expect(
      files.filter((file) => file.startsWith("handlers/") || file.includes("esbuild")),
    ).toEqual([]);
  });

  test.each(["CodeWatcher", "PolicyMonitor", "SecretSync", "TrailBackup", "ListingApi"])(
    "%s registers with its children",
    (component) => {
      const [root] = plan.resources.filter((r) => r.type === `opsguard:index:${component}`);
      expect(root).toBeDefined();
      const children = plan.resources.filter((r) => r.parent === root.urn);
      expect(children.length).toBeGreaterThan(1);
    },
  );

  test("every Lambda function's code is the bundle the package ships, with the manifest's hash", () => {
    const manifest = JSON.parse(
      readFileSync(join(installed.packageDir, "dist", "handlers", "manifest.json"), "utf8"),
    ) as { handlers: Record<string, { file: string; sha256: string }> };
    const shipped = new Map(
      Object.values(manifest.handlers).map(({ file, sha256 }) => [sha256, file]),
    );
    const functions = plan.resources.filter((r) => r.type === "aws:lambda/function:Function");
    expect(
      Object.fromEntries(functions.map((fn) => [fn.name, shipped.get(fn.inputs.sourceCodeHash)])),
    ).toEqual({
      "lambda-backups-watcher-function": "code-watcher.zip",
      "iam-policy-monitor-detector-function": "policy-monitor-detector.zip",
      "orders-db-url-handler-function": "secret-sync.zip",
      "trail-backup-function-function": "trail-backup.zip",
      "reports-api-handler-function": "listing-api.zip",
    });
  });

  test("the policy pack finds no mandatory violation", () => {
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(planExitCode).toBe(0);
  });
});
