import type { StackResource } from "./define";
import { isUnknown } from "./unknown";

export const BUCKET_TYPE = "aws:s3/bucket:Bucket";

export interface CompanionMatch {
  /** Bucket URN → the companions that name it. */
  readonly byBucket: ReadonlyMap<string, StackResource[]>;
  /** Companions whose `bucket` is unknown (preview) and whose dependency does not name a bucket. */
  readonly undecided: readonly StackResource[];
}

/**
 * Matches each companion resource of `companionType` (BucketVersioning, BucketPolicy, …) to its
 * bucket by the companion's `bucket` input, which holds the bucket's id (its name). During a
 * preview of a new bucket that id is unknown; then the engine's property dependency of `bucket`
 * still names the bucket's URN. A companion matched by neither is `undecided`.
 */
export function matchCompanions(
  resources: readonly StackResource[],
  companionType: string,
): CompanionMatch {
  const buckets = resources.filter((resource) => resource.type === BUCKET_TYPE);
  const byBucket = new Map<string, StackResource[]>(buckets.map((b) => [b.urn, []]));
  const undecided: StackResource[] = [];
  for (const companion of resources.filter((resource) => resource.type === companionType)) {
    const value = companion.props.bucket;
    let bucket: StackResource | undefined;
    if (typeof value === "string" && !isUnknown(value)) {
      bucket = buckets.find((b) => [b.props.bucket, b.props.id].includes(value));
    } else {
      const dependencies = companion.propertyDependencies.bucket ?? [];
      bucket = buckets.find((b) => dependencies.includes(b.urn));
      if (!bucket) undecided.push(companion);
    }
    if (bucket) byBucket.get(bucket.urn)!.push(companion);
  }
  return { byBucket, undecided };
}

/**
 * Runs `check` on each bucket with its companions. A bucket without a companion is passed `[]`,
 * unless some companion could not be matched during preview: then the bucket cannot be decided and
 * the unknown `bucket` of each undecided companion is reported instead.
 */
export function forEachBucket(
  resources: readonly StackResource[],
  companionType: string,
  unknown: (urn: string, property: string) => void,
  check: (bucket: StackResource, companions: StackResource[]) => void,
): void {
  const { byBucket, undecided } = matchCompanions(resources, companionType);
  for (const companion of undecided) unknown(companion.urn, `bucket of "${companion.name}"`);
  for (const bucket of resources.filter((resource) => resource.type === BUCKET_TYPE)) {
    const companions = byBucket.get(bucket.urn) ?? [];
    if (companions.length === 0 && undecided.length > 0) continue;
    check(bucket, companions);
  }
}

/** `"name"` of a bucket for messages: its logical name. */
export const bucketLabel = (bucket: StackResource) => `bucket "${bucket.name}"`;
