import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { buildHandlerArchive, REPO_ROOT } from "./bundle";

describe("buildHandlerArchive", () => {
  // Inside the repository, so that esbuild resolves @aws-sdk/* from its node_modules.
  mkdirSync(join(REPO_ROOT, ".build"), { recursive: true });
  const work = mkdtempSync(join(REPO_ROOT, ".build", "bundle-test-"));
  const entry = join(work, "handler.ts");
  const outA = join(work, "out-a");
  const outB = join(work, "out-b");
  const outC = join(work, "out-c");
  const outD = join(work, "out-d");
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const writeHandler = (greeting: string) =>
    writeFileSync(
      entry,
      `import { S3Client } from "@aws-sdk/client-s3";
       const s3 = new S3Client({});
       export const handler = async () => ({ greeting: ${JSON.stringify(greeting)}, region: typeof s3 });`,
    );

  test("the same source gives byte-identical archives whenever it is built; a change changes the hash", () => {
    writeHandler("hello");
    // Two real builds (separate folders: no cache) a year and a half apart by the clock.
    jest.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const first = buildHandlerArchive(relative(REPO_ROOT, entry), outA);
    jest.setSystemTime(new Date("2031-06-15T12:34:56Z"));
    const second = buildHandlerArchive(relative(REPO_ROOT, entry), outC);
    jest.useRealTimers();
    expect(second.sha256).toBe(first.sha256);
    expect(readFileSync(second.path)).toEqual(readFileSync(first.path));
    const hashOnDisk = createHash("sha256").update(readFileSync(first.path)).digest("base64");
    expect(first.sha256).toBe(hashOnDisk);

    writeHandler("hello, world");
    const changed = buildHandlerArchive(relative(REPO_ROOT, entry), outA);
    expect(changed.sha256).not.toBe(first.sha256);
  });

  test("an unchanged entry comes from the cache; touching an input it bundled rebuilds it", () => {
    writeHandler("cached");
    const built = buildHandlerArchive(relative(REPO_ROOT, entry), outD);
    rmSync(built.path);
    // The cache points at a zip that is gone: it is rebuilt, to the same bytes.
    const rebuilt = buildHandlerArchive(relative(REPO_ROOT, entry), outD);
    expect(rebuilt).toEqual(built);
    expect(existsSync(rebuilt.path)).toBe(true);

    const cachedFile = readdirSync(join(outD, "cache"))[0];
    const cache = JSON.parse(readFileSync(join(outD, "cache", cachedFile), "utf8"));
    expect(Object.keys(cache.inputs)).toContain(entry);
    expect(Object.keys(cache.inputs).some((input) => input.includes("@aws-sdk/client-s3"))).toBe(
      true,
    );
    writeHandler("cached, then edited");
    expect(buildHandlerArchive(relative(REPO_ROOT, entry), outD).sha256).not.toBe(built.sha256);
  });

  test("the archive holds a minified CommonJS bundle with the AWS SDK inside and a linked source map", async () => {
    writeHandler("bundled");
    const archive = buildHandlerArchive(relative(REPO_ROOT, entry), outB);
    const files = unzipSync(readFileSync(archive.path));
    expect(Object.keys(files).sort()).toEqual(["index.js", "index.js.map"]);
    const code = Buffer.from(files["index.js"]).toString("utf8");
    expect(code).not.toMatch(/require\(["']@aws-sdk\/client-s3["']\)/);
    expect(code).toContain("S3Client");
    expect(code.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
    const map = JSON.parse(Buffer.from(files["index.js.map"]).toString("utf8"));
    expect(map.sources.some((source: string) => source.endsWith("handler.ts"))).toBe(true);

    // Loaded as Lambda would load it, the bundle runs without node_modules.
    const dir = join(work, "unzipped");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.js"), files["index.js"]);
    const loaded = (await import(join(dir, "index.js"))) as { handler: () => Promise<unknown> };
    await expect(loaded.handler()).resolves.toEqual({ greeting: "bundled", region: "object" });
  });
});
