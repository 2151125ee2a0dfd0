import { z } from "zod";

const name = z.string().regex(/^[A-Za-z0-9_./-]+$/, "expected a name without wildcards or spaces");

/** `opsguard-bootstrap:deployRole` in `Pulumi.bootstrap.yaml`; see `GithubDeployRoleArgs`. */
export const deployRoleConfigSchema = z.strictObject({
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected "owner/name"'),
  branches: z.array(name).optional(),
  environments: z.array(name).optional(),
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
