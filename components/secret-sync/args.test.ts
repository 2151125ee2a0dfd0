import { SecretSyncArgsError, validateSecretSyncArgs, type SecretSyncArgs } from "./args";

const baseline: SecretSyncArgs = {
  pairs: [
    {
      rdsSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-AbCdEf",
      customSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-url-GhIjKl",
    },
  ],
  sslmode: "verify-full",
};

describe("validateSecretSyncArgs", () => {
  test("the baseline is valid", () => {
    expect(() => validateSecretSyncArgs("secret-sync", baseline)).not.toThrow();
  });

  test.each([
    [{ pairs: [] }, "SecretSync secret-sync: pairs must not be empty"],
    [
      { sslmode: "on" },
      'SecretSync secret-sync: sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, got "on"',
    ],
  ] as [Partial<SecretSyncArgs>, string][])("%j is refused", (change, message) => {
    const validate = () => validateSecretSyncArgs("secret-sync", { ...baseline, ...change });

    expect(validate).toThrow(SecretSyncArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
