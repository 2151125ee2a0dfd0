import { z } from "zod";
import type { SecretSyncArgs } from "../components/secret-sync/args";

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ${service} ARN`);

/**
 * `opsguard:secretSync` in `Pulumi.<stack>.yaml`: the pairs of secrets to keep in step, and what
 * to redeploy after a change. Unknown keys are errors. The shape only: `validateSecretSyncArgs`
 * checks the values, e.g. that `sslmode` is one of `SSL_MODES`.
 */
export const secretSyncConfigSchema = z.strictObject({
  pairs: z
    .array(
      z.strictObject({
        rdsSecretArn: arn("secretsmanager"),
        customSecretArn: arn("secretsmanager"),
        rdsSecretKmsKeyArn: arn("kms").optional(),
        customSecretKmsKeyArn: arn("kms").optional(),
        dbName: z.string().min(1).optional(),
        dbHost: z.string().min(1).optional(),
        dbPort: z.number().int().min(1).max(65535).optional(),
        dbUsername: z.string().min(1).optional(),
      }),
    )
    .min(1),
  schedule: z
    .string()
    .regex(/^(rate|cron)\(.+\)$/, "must be an EventBridge rate(…) or cron(…) expression")
    .optional(),
  sslmode: z.string().optional(),
  appRunnerServiceArn: arn("apprunner").optional(),
  ecsService: z.strictObject({ clusterArn: arn("ecs"), serviceName: z.string().min(1) }).optional(),
});

export type SecretSyncConfig = z.infer<typeof secretSyncConfigSchema>;

export function secretSyncArgsFromConfig(config: SecretSyncConfig): SecretSyncArgs {
  return {
    pairs: config.pairs,
    schedule: config.schedule,
    sslmode: config.sslmode,
    appRunnerServiceArn: config.appRunnerServiceArn,
    ecsService: config.ecsService,
  };
}
