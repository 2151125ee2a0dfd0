import {
  CreateBucketCommand,
  type BucketLocationConstraint,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { PolicyStatement } from "../../policy-pack/lib/iam/policy-document";
import { planComponent, type ComponentKey, type ComponentPlan } from "./component-plan";
import { assumeComponentRole, type ComponentRole } from "./iam-role";

export interface FunctionUnderRole extends ComponentRole {
  readonly plan: ComponentPlan;
  /** The statements the component grants the function, as planned. */
  readonly statements: PolicyStatement[];
  /** The function's environment, as planned: the names its handler reads. */
  readonly env: Record<string, string>;
  readonly region: string;
}

/**
 * Plans the dev stack's `key` component (changed by `change`), creates in moto the execution role of
 * its `LambdaFunction` `lambdaFunction` with exactly its statements, enforces IAM and assumes it.
 */
export async function assumeRoleOfFunction(
  key: ComponentKey,
  lambdaFunction: string,
  change?: (devConfig: Record<string, unknown>) => Record<string, unknown>,
): Promise<FunctionUnderRole> {
  const plan = await planComponent(key, change);
  const statements = plan.statements(lambdaFunction);
  const role = await assumeComponentRole(plan.roleName(lambdaFunction), statements, plan.region);
  return {
    ...role,
    plan,
    statements,
    env: plan.environment(lambdaFunction),
    region: plan.region,
  };
}

/** Creates a bucket in `region` (outside us-east-1, S3 wants the location said). */
export async function createBucketIn(s3: S3Client, bucket: string, region: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === "us-east-1"
        ? {}
        : {
            CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
          }),
    }),
  );
}
