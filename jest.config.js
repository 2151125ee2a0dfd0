/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.build/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/.build/", "<rootDir>/dist/"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  globalSetup: "<rootDir>/test/harness/global-setup.ts",
  globalTeardown: "<rootDir>/test/harness/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/test/harness/per-file-setup.ts"],
  maxWorkers: 2,
  testTimeout: 60000,
};
