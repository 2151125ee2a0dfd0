import { LISTING_API_ENV } from "../../contracts/listing-api";
import { readEnv } from "../shared/env";

export interface ListingConfig {
  readonly bucketName: string;
}

/** Reads the function's environment: `BUCKET_NAME` is the bucket that `GET /objects` lists. */
export function listingConfigFromEnv(env: NodeJS.ProcessEnv): ListingConfig {
  return readEnv(env, (read) => ({ bucketName: read.required(LISTING_API_ENV.bucketName) }));
}
