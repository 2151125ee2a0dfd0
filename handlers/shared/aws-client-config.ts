/**
 * Settings for the SDK clients that a handler's entry builds at module scope. In Lambda this is empty
 * and the SDK uses its defaults. When `AWS_ENDPOINT_URL` is set (as `npm run invoke -- --endpoint`
 * does, to reach moto or LocalStack), every client goes there and S3 uses path-style addressing,
 * because a local endpoint has no per-bucket DNS names.
 */
export interface AwsClientConfig {
  endpoint?: string;
  forcePathStyle?: boolean;
  region?: string;
}

export function awsClientConfig(env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
  const endpoint = env.AWS_ENDPOINT_URL;
  return endpoint ? { endpoint, forcePathStyle: true } : {};
}
