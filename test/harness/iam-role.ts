import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { httpStatusOf } from "../../handlers/shared/aws-errors";
import type { PolicyStatement } from "../../policy-pack/lib/iam/policy-document";
import { awsTestConfig, setIamEnforcement } from "./moto";

/** SDK client settings for moto, signed with one identity's keys. */
export type MotoClientConfig = ReturnType<typeof awsTestConfig> & {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
};

export interface ComponentRole {
  readonly roleArn: string;
  /** Settings for the handler's clients: the assumed role's session. */
  readonly roleConfig: MotoClientConfig;
  /** Settings for arranging and asserting: an IAM user that may do anything. */
  readonly adminConfig: MotoClientConfig;
}

const ADMIN_USER = "opsguard-test-admin";

/**
 * Which requests moto authorizes against the resource they touch: S3 (bucket and key), SQS (the
 * queue) and IAM requests that name a role (`RoleName`). moto checks every other request against
 * the resource `*`, so a statement on a named ARN would never match it.
 */
function motoChecksResource(action: string): boolean {
  return /^(s3|sqs):/i.test(action) || /^iam:[A-Za-z*]*Role/i.test(action);
}

/**
 * The component's statements in the form moto can enforce. Actions moto checks against the real
 * resource keep their resources; the others keep their action with resource `*` (their ARNs are
 * checked by `test/iam-tables.test.ts` instead). A Deny keeps its resources: moto never matches a
 * named ARN against `*`, so it denies only what it can name. moto takes every condition as met,
 * so a conditional Deny would deny everything: those are left to the static check too.
 */
export function motoEnforceableStatements(
  statements: readonly PolicyStatement[],
): Record<string, unknown>[] {
  return statements.flatMap((statement) => {
    const { raw } = statement;
    if (statement.effect === "Deny") return statement.hasCondition ? [] : [raw];
    const actions = statement.action ?? [];
    const named = actions.filter(motoChecksResource);
    const unnamed = actions.filter((action) => !motoChecksResource(action));
    return [
      ...(named.length > 0 ? [{ ...raw, Action: named }] : []),
      ...(unnamed.length > 0
        ? [
            {
              ...raw,
              Sid: `${statement.sid ?? "Statement"}AnyResource`,
              Action: unnamed,
              Resource: "*",
            },
          ]
        : []),
    ];
  });
}

async function createAdmin(
  iam: IAMClient,
): Promise<{ arn: string; keys: MotoClientConfig["credentials"] }> {
  const user = await iam.send(new CreateUserCommand({ UserName: ADMIN_USER }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: ADMIN_USER,
      PolicyName: "administrator",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: ADMIN_USER }));
  return {
    arn: user.User!.Arn!,
    keys: {
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    },
  };
}

/**
 * Creates in moto the role `roleName` with exactly the component's `statements` (as moto can
 * enforce them, see `motoEnforceableStatements`), turns IAM enforcement on, and assumes the role.
 * From then on, moto refuses the default `testing` keys: arrange and assert with `adminConfig`.
 * Enforcement stays on until `resetMoto()`, which runs before every test file.
 */
export async function assumeComponentRole(
  roleName: string,
  statements: readonly PolicyStatement[],
  region: string,
): Promise<ComponentRole> {
  const unsigned = { ...awsTestConfig(), region };
  const iam = new IAMClient(unsigned);
  const admin = await createAdmin(iam);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: admin.arn }, Action: "sts:AssumeRole" }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: "component",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: motoEnforceableStatements(statements),
      }),
    }),
  );
  await setIamEnforcement(true);

  const adminConfig: MotoClientConfig = { ...unsigned, credentials: admin.keys };
  const session = await new STSClient(adminConfig).send(
    new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: "handler-under-test" }),
  );
  const credentials = session.Credentials!;
  return {
    roleArn: role.Role!.Arn!,
    adminConfig,
    roleConfig: {
      ...unsigned,
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    },
  };
}

/**
 * The HTTP status of an AWS SDK error, or of its raw response: moto answers a refused request of a
 * JSON-protocol service (SQS, SSM, Secrets Manager…) in XML, which the SDK cannot parse: then only
 * the raw response tells that it was a 403.
 */
function responseStatusOf(error: unknown): number | undefined {
  return (
    httpStatusOf(error) ?? (error as { $response?: { statusCode?: number } }).$response?.statusCode
  );
}

const ACCESS_DENIED = /^(AccessDenied|AccessDeniedException|AuthorizationError)$/;

/**
 * Resolves when IAM refuses the call: a 403 named as an access denial, or, from a JSON-protocol
 * client, a 403 whose XML body it could not parse (the body is consumed by then, so its code is
 * not read: the same role's granted calls in the same file show that its keys are good). Fails
 * with what happened otherwise.
 */
export async function expectAccessDenied(call: Promise<unknown>): Promise<void> {
  const outcome = await call.then(
    () => "it succeeded",
    (error: unknown) => error,
  );
  const { name = "", message = "" } = outcome as { name?: string; message?: string };
  const denied = ACCESS_DENIED.test(name) || (name === "SyntaxError" && message.includes("<?xml"));
  if (responseStatusOf(outcome) !== 403 || !denied) {
    throw new Error(`expected an access denied (HTTP 403), but ${String(outcome)}`);
  }
}
