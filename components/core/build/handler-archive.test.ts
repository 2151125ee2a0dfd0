import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ShippedHandlerError, shippedHandlerArchive } from "./handler-archive";

describe("shippedHandlerArchive", () => {
  const dir = mkdtempSync(join(tmpdir(), "opsguard-shipped-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const zip = Buffer.from("PK\u0003\u0004 a stand-in zip");
  const sha256 = createHash("sha256").update(zip).digest("base64");
  const entry = "handlers/code-watcher/index.ts";
  const writeManifest = (hash: string) =>
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({
        version: 1,
        handlers: { [entry]: { file: "code-watcher.zip", sha256: hash, size: zip.length } },
      }),
    );

  test("a missing manifest says the package was not built", () => {
    const empty = mkdtempSync(join(dir, "empty-"));
    expect(() => shippedHandlerArchive(entry, empty)).toThrow(
      new ShippedHandlerError(
        `${join(empty, "manifest.json")} does not exist: the package was not built (npm pack runs the build)`,
      ),
    );
  });

  test("returns the shipped zip of the entry, with the manifest's hash", () => {
    writeFileSync(join(dir, "code-watcher.zip"), zip);
    writeManifest(sha256);
    expect(shippedHandlerArchive(entry, dir)).toEqual({
      path: join(dir, "code-watcher.zip"),
      sha256,
      size: zip.length,
    });
  });

  test("an entry the manifest does not list is an error naming both", () => {
    writeManifest(sha256);
    expect(() => shippedHandlerArchive("handlers/nope/index.ts", dir)).toThrow(
      `${join(dir, "manifest.json")} has no bundle for handlers/nope/index.ts`,
    );
  });

  test("a zip whose bytes no longer match the manifest is refused", () => {
    writeFileSync(join(dir, "code-watcher.zip"), zip);
    writeManifest("c29tZXRoaW5nIGVsc2U=");
    expect(() => shippedHandlerArchive(entry, dir)).toThrow(
      `${join(dir, "code-watcher.zip")} has SHA-256 ${sha256}, the manifest says c29tZXRoaW5nIGVsc2U=: the package was altered`,
    );
  });
});
