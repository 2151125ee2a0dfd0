import { z } from "zod";

/**
 * `opsguard-bootstrap:deployRole` in `Pulumi.bootstrap.yaml`; see `GithubDeployRoleArgs`. The shape
 * only: `validateGithubDeployRoleArgs` checks the repository, branch and environment names.
 */
export const deployRoleConfigSchema = z.strictObject({
  repository: z.string(),
  branches: z.array(z.string()).optional(),
  environments: z.array(z.string()).optional(),
  oidcProviderArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\//)
    .optional(),
  resourcePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/)
    .optional(),
  roleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/)
    .optional(),
  stateBucketName: z.string().optional(),
  secretsKmsKeyArn: z.string().startsWith("arn:aws").optional(),
  maxSessionDuration: z.number().int().min(3600).max(43200).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
