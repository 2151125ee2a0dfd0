import { runProgram } from "../../tools/mock-runtime/run-program";
import { evaluatePolicies, type Violation } from "../../tools/mock-runtime/evaluate-policies";

let violations: Violation[];

beforeAll(async () => {
  const { resources } = await runProgram({
    program: async () => {
      const { SecureBucket } = await import("../../components/core/secure-bucket");
      const { LambdaFunction } = await import("../../components/core/lambda-function");
      const data = new SecureBucket("data", { tags: { "opsguard:sensitive": "true" } });
      new SecureBucket("reports", { encryption: "AES256" });
      new LambdaFunction("reader", {
        entry: "components/core/build/fixtures/hello-handler.ts",
        policyStatements: [
          {
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: data.arn.apply((arn) => `${arn}/*`),
          },
        ],
        environment: {
          BUCKET_NAME: data.bucketName,
          TOKEN_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:token",
        },
      });
      return {};
    },
  });
  violations = await evaluatePolicies(resources);
});

test("SecureBucket and LambdaFunction break no mandatory policy", () => {
  expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
});

test("their advisories are exactly the log group's KMS key", () => {
  expect(violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`)).toEqual([
    "enable-log-group-kms-encryption reader-logs",
  ]);
});
