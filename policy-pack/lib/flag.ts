/**
 * A boolean input as the provider may carry it: several @pulumi/aws v7 inputs that are booleans in
 * AWS are typed as strings (`aws.redshift.Cluster.encrypted`, launch template
 * `blockDeviceMappings[].ebs.encrypted` and `networkInterfaces[].associatePublicIpAddress`).
 * Returns undefined for a value that is neither (unset, or unknown during preview).
 */
export function flagValue(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}
