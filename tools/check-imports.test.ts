import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { filesImportingPulumi } from "./check-imports";

describe("check-handler-imports", () => {
  const root = join(__dirname, "..", ".build");
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, "imports-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['import * as pulumi from "@pulumi/pulumi";', true],
    ['import type { Output } from "@pulumi/pulumi";', true],
    ['const aws = require("@pulumi/aws");', true],
    ['const p = await import("@pulumi/pulumi");', true],
    ['import { S3Client } from "@aws-sdk/client-s3";', false],
    ['// handlers explain why they never import "@pulumi/pulumi"', false],
  ])("%s → flagged: %s", (source, flagged) => {
    const sub = mkdtempSync(join(dir, "case-"));
    writeFileSync(join(sub, "index.ts"), `${source}\n`);
    expect(filesImportingPulumi(sub).length > 0).toBe(flagged);
  });

  test("the real handlers folder imports no @pulumi/* module", () => {
    expect(filesImportingPulumi(join(__dirname, "..", "handlers"))).toEqual([]);
  });
});
