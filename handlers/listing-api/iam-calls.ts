import type { IamCall } from "../shared/iam-calls";

/** The API's SDK commands (`handlers/listing-api/index.ts` and what it imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "ListObjectsV2Command",
    needs: [
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:BUCKET_NAME}",
        // The caller chooses the prefix.
        context: { "s3:prefix": "reports/2026/" },
      },
    ],
  },
];
