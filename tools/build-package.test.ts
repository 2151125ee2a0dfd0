import { bundleFileName, handlerEntries } from "./build-package";

describe("the package build", () => {
  test("bundles every handler entry, and no shared code folder", () => {
    expect(handlerEntries()).toEqual([
      "handlers/code-watcher/index.ts",
      "handlers/listing-api/index.ts",
      "handlers/policy-monitor/audit-writer/index.ts",
      "handlers/policy-monitor/detector/index.ts",
      "handlers/policy-monitor/emailer/index.ts",
      "handlers/policy-monitor/notifier/index.ts",
      "handlers/policy-monitor/remediator/index.ts",
      "handlers/secret-sync/index.ts",
      "handlers/trail-backup/index.ts",
    ]);
  });

  test.each([
    ["handlers/code-watcher/index.ts", "code-watcher.zip"],
    ["handlers/policy-monitor/detector/index.ts", "policy-monitor-detector.zip"],
  ])("%s ships as %s", (entry, file) => {
    expect(bundleFileName(entry)).toBe(file);
  });
});
