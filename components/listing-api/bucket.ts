import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "../core/policy";
import { SecureBucket } from "../core/secure-bucket";
import type { ListingApiArgs } from "./args";

export interface ListingBucketArgs {
  readonly existingBucket: ListingApiArgs["existingBucket"];
  readonly adminRoleArns: ListingApiArgs["adminRoleArns"];
  /** The listing function's role: the only principal beside the admin roles the policy lets in. */
  readonly listingRoleArn: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly tags: ListingApiArgs["tags"];
}

export const bucketArnOf = (bucket: pulumi.Input<string>) =>
  pulumi.interpolate`arn:aws:s3:::${bucket}`;

/**
 * The bucket the API lists: a new SecureBucket, or the existing bucket (with this component's
 * policy only if it manages the policy). Returns the bucket's name.
 */
export function createListingBucket(
  name: string,
  args: ListingBucketArgs,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const { existingBucket, listingRoleArn } = args;
  const accessStatements = (bucketArn: pulumi.Input<string>): pulumi.Input<PolicyStatement>[] => [
    {
      Sid: "DenyAllButListingAndAdminRoles",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
      Condition: {
        ArnNotLike: { "aws:PrincipalArn": [listingRoleArn, ...args.adminRoleArns] },
      },
    },
    {
      Sid: "AllowListingRoleToList",
      Effect: "Allow",
      Principal: { AWS: listingRoleArn },
      Action: "s3:ListBucket",
      Resource: bucketArn,
    },
  ];
  if (existingBucket) {
    const bucketName = pulumi.output(existingBucket.name);
    if (existingBucket.managePolicy === true) {
      const arn = bucketArnOf(bucketName);
      new aws.s3.BucketPolicy(
        `${name}-bucket-policy`,
        {
          bucket: bucketName,
          policy: policyDocument([
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [arn, pulumi.interpolate`${arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...accessStatements(arn),
          ]),
        },
        opts,
      );
    }
    return bucketName;
  }
  // A bucket policy's statements name the bucket itself, which exists only after this call.
  const [objectsBucketArn, resolveObjectsBucketArn] = pulumi.deferredOutput<string>();
  const bucket = new SecureBucket(
    `${name}-objects`,
    {
      kmsKeyArn: args.kmsKeyArn,
      policyStatements: accessStatements(objectsBucketArn),
      tags: args.tags,
    },
    opts,
  );
  resolveObjectsBucketArn(bucket.arn);
  return bucket.bucketName;
}
