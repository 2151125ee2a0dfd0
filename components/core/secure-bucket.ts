import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "./policy";

export interface SecureBucketArgs {
  /**
   * Default encryption: `aws:kms` (SSE-KMS) or `AES256` (SSE-S3). Defaults to `aws:kms`.
   */
  readonly encryption?: "aws:kms" | "AES256";
  /**
   * The KMS key for SSE-KMS. Defaults to a new customer-managed key with rotation on.
   * Ignored when `encryption` is `AES256`.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Lifecycle rules. Defaults to none. */
  readonly lifecycleRules?: pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule>[];
  /** Object Lock default retention. Object Lock can only be turned on when the bucket is created. Defaults to off. */
  readonly objectLock?: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
  /** Extra statements for the bucket policy, beside the deny of non-TLS requests. Defaults to none. */
  readonly policyStatements?: pulumi.Input<PolicyStatement>[];
  /** Whether `pulumi destroy` may delete a bucket that still holds objects. Defaults to false. */
  readonly forceDestroy?: boolean;
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A bucket that is safe by default: versioning on, default encryption (SSE-KMS with a given or
 * created key, or SSE-S3), public access fully blocked, BucketOwnerEnforced, and a bucket policy that
 * denies every request not made over TLS.
 */
export class SecureBucket extends pulumi.ComponentResource {
  public readonly bucket: aws.s3.Bucket;
  public readonly bucketName: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** The KMS key ARN, when SSE-KMS is used. */
  public readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** The key this component created, when it created one. */
  public readonly kmsKey?: aws.kms.Key;

  constructor(name: string, args: SecureBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:SecureBucket", name, {}, opts);
    const encryption = args.encryption ?? "aws:kms";

    this.bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        forceDestroy: args.forceDestroy ?? false,
        objectLockEnabled: args.objectLock ? true : undefined,
        tags: args.tags,
      },
      { parent: this },
    );
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;

    if (encryption === "aws:kms" && !args.kmsKeyArn) {
      this.kmsKey = new aws.kms.Key(
        `${name}-key`,
        {
          description: `Encrypts the objects of ${name}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          tags: args.tags,
        },
        { parent: this },
      );
    }
    this.kmsKeyArn =
      encryption === "aws:kms"
        ? pulumi.output(args.kmsKeyArn ?? this.kmsKey!.arn)
        : pulumi.output(undefined);

    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault:
              encryption === "aws:kms"
                ? {
                    sseAlgorithm: "aws:kms",
                    kmsMasterKeyId: this.kmsKeyArn as pulumi.Output<string>,
                  }
                : { sseAlgorithm: "AES256" },
            bucketKeyEnabled: encryption === "aws:kms",
          },
        ],
      },
      { parent: this },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: this.bucket.id,
        policy: policyDocument([
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(args.policyStatements ?? []),
        ]),
      },
      // S3 rejects a policy while the public access block is being written.
      { parent: this, dependsOn: [publicAccessBlock] },
    );
    if (args.lifecycleRules && args.lifecycleRules.length > 0) {
      new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        { bucket: this.bucket.id, rules: args.lifecycleRules },
        // Lifecycle rules on noncurrent versions need versioning in place first.
        { parent: this, dependsOn: [versioning] },
      );
    }
    if (args.objectLock) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
          bucket: this.bucket.id,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } },
        },
        { parent: this, dependsOn: [versioning] },
      );
    }
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn, kmsKeyArn: this.kmsKeyArn });
  }
}
