import { z } from "zod";
import type { ListingApiArgs } from "../components/listing-api/args";

const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "expected an IAM role ARN");
const principalArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
    "expected an IAM role or user ARN",
  );
const positiveInt = z.number().int().positive();

/**
 * `opsguard:listingApi` in `Pulumi.<stack>.yaml`: the ListingApi; see `ListingApiArgs`. The shape
 * only: `validateListingApiArgs` checks how the fields go together.
 */
export const listingApiConfigSchema = z.strictObject({
  adminRoleArns: z.array(roleArn).min(1),
  allowedPrincipals: z.array(principalArn).optional(),
  jwtAuthorizer: z
    .strictObject({
      issuer: z.url({ protocol: /^https$/ }),
      audiences: z.array(z.string().min(1)).min(1),
      scopes: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  existingBucket: z
    .strictObject({
      name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name"),
      managePolicy: z.boolean().optional(),
    })
    .optional(),
  stageName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, "expected letters, digits, _ or -")
    .optional(),
  throttlingRateLimit: z.number().positive().max(10_000).optional(),
  throttlingBurstLimit: positiveInt.max(5_000).optional(),
  kmsKeyArn: z.string().startsWith("arn:aws").optional(),
  logRetentionDays: positiveInt.optional(),
  timeout: positiveInt.max(30).optional(),
  reservedConcurrency: positiveInt.optional(),
  alarmTopicArn: z.string().startsWith("arn:aws").optional(),
  alarms: z
    .strictObject({
      lambdaErrors: positiveInt.optional(),
      lambdaThrottles: positiveInt.optional(),
      lambdaDurationP99Ms: z.number().positive().optional(),
      api5xx: positiveInt.optional(),
      api4xxRatePercent: z.number().positive().max(100).optional(),
      apiLatencyP99Ms: z.number().positive().optional(),
    })
    .optional(),
});

export type ListingApiConfig = z.infer<typeof listingApiConfigSchema>;

/** The component's args from the validated stack config, with the stack's tags. */
export function listingApiArgsFromConfig(
  config: ListingApiConfig,
  tags?: Record<string, string>,
): ListingApiArgs {
  return { ...config, tags };
}
