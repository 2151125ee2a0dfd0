import type { S3Client } from "@aws-sdk/client-s3";
import { readEnv } from "../../shared/env";
import { CONFIG_BUCKET_KEYS, REMEDIATOR_ENV } from "../../../contracts/policy-monitor";
import {
  parseRemediatorSettings,
  type RemediatorSettings,
} from "../../../contracts/policy-monitor-config/remediator-schema";
import type { RemediationAction } from "../../../contracts/violation";
import { cachedFor, loadConfigObject, type ConfigCacheOptions } from "../shared/config-object";

/** The remediator's environment: where its buckets, settings and notification targets are. */
export interface RemediatorEnvironment {
  readonly auditBucket: string;
  /** The PolicyMonitor config bucket, which holds `remediator.yaml`. */
  readonly configBucket: string;
  /** The key of `remediator.yaml` in it. Defaults to `CONFIG_BUCKET_KEYS.remediator`. */
  readonly settingsKey: string;
  readonly notificationTopicArn?: string;
  readonly slackWebhookParameter?: string;
}

/** What a record is handled with: the environment and the settings of `remediator.yaml`. */
export interface RemediatorConfig {
  readonly auditBucket: string;
  /** Actions the remediator may perform; anything else is skipped. */
  readonly allowedActions: readonly RemediationAction[];
  /** When true, nothing is changed: the outcome says what would have been done. */
  readonly dryRun: boolean;
  /** Principals never touched: ARN globs (`arn:aws:iam::*:role/break-glass*`) or name globs. */
  readonly protectedPrincipals: readonly string[];
  /** Whether an AWS managed policy may be detached from a principal. */
  readonly detachAwsManagedPolicies: boolean;
  readonly notificationTopicArn?: string;
  readonly slackWebhookParameter?: string;
}

/** Reads the remediator's environment; every missing variable is named in one ConfigError. */
export function remediatorConfigFromEnv(env: NodeJS.ProcessEnv): RemediatorEnvironment {
  return readEnv(env, (read) => ({
    auditBucket: read.required(REMEDIATOR_ENV.auditBucket),
    configBucket: read.required(REMEDIATOR_ENV.configBucket),
    settingsKey: read.optional(REMEDIATOR_ENV.settingsKey, CONFIG_BUCKET_KEYS.remediator),
    notificationTopicArn: read.present(REMEDIATOR_ENV.notificationTopicArn),
    slackWebhookParameter: read.present(REMEDIATOR_ENV.slackWebhookParameter),
  }));
}

/**
 * Reads and validates `remediator.yaml` from the config bucket, kept for `CONFIG_CACHE_TTL_SECONDS`:
 * an edit (say, `dryRun: false`) applies within that time, without a deploy. A missing or invalid
 * object fails the batch, naming it (`s3://bucket/remediator.yaml: dryRun must be true or false`).
 */
export function remediatorSettingsLoader(
  s3: S3Client,
  bucket: string,
  key: string,
  cache: ConfigCacheOptions = {},
): () => Promise<RemediatorSettings> {
  return cachedFor(() => loadConfigObject(s3, bucket, key, parseRemediatorSettings), cache);
}

/** The config a record is handled with. */
export function remediatorConfig(
  environment: RemediatorEnvironment,
  settings: RemediatorSettings,
): RemediatorConfig {
  return {
    auditBucket: environment.auditBucket,
    allowedActions: settings.allowedActions,
    dryRun: settings.dryRun,
    protectedPrincipals: settings.protectedPrincipals,
    detachAwsManagedPolicies: settings.detachAwsManagedPolicies,
    notificationTopicArn: environment.notificationTopicArn,
    slackWebhookParameter: environment.slackWebhookParameter,
  };
}
