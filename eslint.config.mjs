import tseslint from "typescript-eslint";

/**
 * The layers and what each may import (docs/DEVELOPING.md, "Dependencies"):
 * - handlers/ run in Lambda: never Pulumi, never a component, the stack config or a tool;
 * - components/ refer to a handler only by its entry path, never by importing it;
 * - contracts/ are pure TypeScript shared by both sides: no Pulumi, no AWS SDK, nothing outside;
 * - policy-pack/ is published on its own: nothing outside it (its tests may use the tools).
 * Both sides meet in contracts/. The rules read the import's text; a relative path climbs with `../`.
 */
const restricted = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
const PULUMI = { group: ["@pulumi/*"], message: "Pulumi runs at deploy time, never in a Lambda." };
const AWS_SDK = { group: ["@aws-sdk/*"], message: "contracts/ are pure: no AWS SDK." };
const climbingTo = (folders, message) => ({
  regex: `^(\\.\\./)+(${folders.join("|")})(/|$)`,
  message,
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".build/**",
      "dist/**",
      "policy-pack/node_modules/**",
      "policy-pack/dist/**",
      "coverage/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["test/**/*.ts", "**/*.test.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["handlers/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restricted([
      PULUMI,
      climbingTo(
        ["components", "config", "tools", "bootstrap", "test"],
        "handlers import only handlers/, contracts/ and policy-pack/lib/iam/.",
      ),
    ]),
  },
  {
    files: ["handlers/**/*.test.ts"],
    rules: restricted([
      PULUMI,
      climbingTo(["components", "config", "bootstrap"], "a handler's test runs handler code only."),
    ]),
  },
  {
    files: ["components/**/*.ts"],
    rules: restricted([
      climbingTo(
        ["handlers"],
        "components name a handler by its entry path; shared facts live in contracts/.",
      ),
    ]),
  },
  {
    files: ["policy-pack/**/*.ts"],
    ignores: ["**/*.test.ts", "policy-pack/test/**"],
    rules: restricted([
      climbingTo(
        ["components", "handlers", "contracts", "config", "tools", "test", "bootstrap", "examples"],
        "the policy pack is published on its own: it imports only policy-pack/ and npm packages.",
      ),
    ]),
  },
  {
    files: ["contracts/**/*.ts"],
    rules: restricted([
      PULUMI,
      AWS_SDK,
      climbingTo(
        ["components", "handlers", "config", "tools", "test"],
        "contracts/ import only contracts/ and policy-pack/lib/iam/.",
      ),
      {
        regex: "^(\\.\\./)+policy-pack/(?!lib/iam/)",
        message: "contracts/ import only contracts/ and policy-pack/lib/iam/.",
      },
    ]),
  },
);
