const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;

/**
 * Whether the ARN is an AWS managed policy (`arn:aws:iam::aws:policy/…`, in any partition): AWS
 * owns its versions, so the remediator may at most detach it, and the detector suggests nothing else.
 */
export function isAwsManagedPolicy(policyArn: string): boolean {
  return AWS_MANAGED_POLICY.test(policyArn);
}
