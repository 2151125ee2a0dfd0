import type * as pulumi from "@pulumi/pulumi";
import { isSslMode, SSL_MODES } from "../../contracts/secret-sync";
import { componentArgsError } from "../core/errors";
import type { ComponentAlarmArgs } from "../core/failure-alarms";

/** One RDS-managed secret (`rds!db-…`) and the custom secret that holds the app's DATABASE_URL. */
export interface SecretSyncPair {
  /** The secret RDS rotates. */
  readonly rdsSecretArn: pulumi.Input<string>;
  /** The secret that holds the app's DATABASE_URL. */
  readonly customSecretArn: pulumi.Input<string>;
  /** The customer managed key of the RDS secret (`kms:Decrypt`). Defaults to aws/secretsmanager. */
  readonly rdsSecretKmsKeyArn?: pulumi.Input<string>;
  /**
   * The customer managed key of the custom secret (`kms:Decrypt` and `kms:GenerateDataKey`, which
   * PutSecretValue needs). Defaults to aws/secretsmanager.
   */
  readonly customSecretKmsKeyArn?: pulumi.Input<string>;
  /** The database when the existing DATABASE_URL has none. Defaults to none. */
  readonly dbName?: pulumi.Input<string>;
  /** The host when the existing DATABASE_URL has none. Defaults to none. */
  readonly dbHost?: pulumi.Input<string>;
  /** The port when the existing DATABASE_URL has none. Defaults to none (libpq's 5432). */
  readonly dbPort?: pulumi.Input<number>;
  /** The user when neither the RDS secret nor the DATABASE_URL has one. Defaults to none. */
  readonly dbUsername?: pulumi.Input<string>;
}

/** An ECS service that reads the custom secret when its tasks start. */
export interface SecretSyncEcsService {
  /** The ARN of the service's cluster. */
  readonly clusterArn: pulumi.Input<string>;
  /** The name of the service. */
  readonly serviceName: pulumi.Input<string>;
}

export interface SecretSyncArgs extends ComponentAlarmArgs {
  /** The pairs to keep in step; at least one. */
  readonly pairs: SecretSyncPair[];
  /** When the sync runs besides on rotation: `rate(…)` or `cron(…)`. Defaults to `DEFAULT_SCHEDULE` (`rate(12 hours)`). */
  readonly schedule?: string;
  /** The `sslmode` of the rebuilt URLs, one of `SSL_MODES`. Defaults to `DEFAULT_SSLMODE` (`require`). */
  readonly sslmode?: pulumi.Input<string>;
  /** An App Runner service to redeploy after a change (it reads secrets only when it deploys). Defaults to none. */
  readonly appRunnerServiceArn?: pulumi.Input<string>;
  /** An ECS service to force a new deployment of after a change. Defaults to none. */
  readonly ecsService?: SecretSyncEcsService;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a SecretSync cannot make a working sync; the message names the field. */
export const SecretSyncArgsError = componentArgsError("SecretSync");
export type SecretSyncArgsError = InstanceType<typeof SecretSyncArgsError>;

/** Checks what the types cannot: there is a pair, and a known `sslmode` (when not an Output). */
export function validateSecretSyncArgs(name: string, args: SecretSyncArgs): void {
  if (args.pairs.length === 0) throw new SecretSyncArgsError(name, "pairs must not be empty");
  const sslmode = args.sslmode;
  if (typeof sslmode === "string" && !isSslMode(sslmode)) {
    throw new SecretSyncArgsError(
      name,
      `sslmode must be one of ${SSL_MODES.join(", ")}, got "${sslmode}"`,
    );
  }
}
