import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { parsePolicyDocument } from "../../policy-pack/lib/iam/policy-document";
import { assumeComponentRole, expectAccessDenied, motoEnforceableStatements } from "./iam-role";
import { awsTestConfig, resetMoto } from "./moto";
import { motoS3Client } from "./moto-s3";

const statements = (raw: Record<string, unknown>[]) =>
  parsePolicyDocument(JSON.stringify({ Statement: raw }), "test");

test.each([
  [
    "S3 and SQS keep their ARNs",
    { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" },
    [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }],
  ],
  [
    "IAM splits: role calls keep their ARNs, the others are checked on *",
    { Sid: "Read", Effect: "Allow", Action: ["iam:GetRole", "iam:GetUser"], Resource: "arn:r" },
    [
      { Sid: "Read", Effect: "Allow", Action: ["iam:GetRole"], Resource: "arn:r" },
      { Sid: "ReadAnyResource", Effect: "Allow", Action: ["iam:GetUser"], Resource: "*" },
    ],
  ],
  [
    "a Deny keeps its ARNs",
    { Effect: "Deny", Action: "iam:DetachRolePolicy", Resource: "arn:r" },
    [{ Effect: "Deny", Action: "iam:DetachRolePolicy", Resource: "arn:r" }],
  ],
  [
    "a conditional Deny is left out",
    {
      Effect: "Deny",
      Action: "iam:DetachRolePolicy",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } },
    },
    [],
  ],
])("motoEnforceableStatements: %s", (_case, statement, expected) => {
  expect(motoEnforceableStatements(statements([statement]))).toEqual(expected);
});

test("enforcement refuses the default keys and what the role lacks; a reset turns it off", async () => {
  const role = await assumeComponentRole(
    "harness-role",
    statements([{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }]),
    "us-east-1",
  );
  await motoS3Client(role.adminConfig).send(new CreateBucketCommand({ Bucket: "harness" }));

  const listed = await motoS3Client(role.roleConfig).send(new ListBucketsCommand({}));
  expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(["harness"]);
  await expectAccessDenied(new IAMClient(role.roleConfig).send(new ListRolesCommand({})));
  await expect(
    new S3Client(awsTestConfig()).send(new ListBucketsCommand({})),
  ).rejects.toMatchObject({ name: "InvalidAccessKeyId", $metadata: { httpStatusCode: 403 } });

  await resetMoto();

  expect((await new S3Client(awsTestConfig()).send(new ListBucketsCommand({}))).Buckets).toEqual(
    [],
  );
});
