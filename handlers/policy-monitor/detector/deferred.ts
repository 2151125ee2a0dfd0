import type { DuplicateFilter } from "./dedup";
import type { PolicySource } from "./iam-policies";
import type { ViolationPublisher } from "./publish";

/** One value, made on the first call; a failed making is tried again on the next call. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/**
 * The entry makes its SDK clients, and the modules that send their commands, on first use through
 * these wrappers, so that a cold start loads none of them: the S3 client on the first event with
 * a document to judge, IAM on the first Attach* or SetDefaultPolicyVersion, the publisher's
 * clients on the first violation. `npm run bench -- cold-start` shows both halves.
 */

/** A PolicySource made on its first look-up. */
export function deferredPolicySource(make: () => Promise<PolicySource>): PolicySource {
  const source = once(make);
  return {
    defaultVersion: async (policyArn) => (await source()).defaultVersion(policyArn),
    version: async (policyArn, versionId) => (await source()).version(policyArn, versionId),
  };
}

/** A ViolationPublisher made on the first violation. */
export function deferredPublisher(make: () => Promise<ViolationPublisher>): ViolationPublisher {
  const publisher = once(make);
  return { publish: async (violations) => (await publisher()).publish(violations) };
}

/** A config loader made on the first event with a document to judge. */
export function deferredLoader<T>(make: () => Promise<() => Promise<T>>): () => Promise<T> {
  const loader = once(make);
  return async () => (await loader())();
}

/** A DuplicateFilter made on the first violation. */
export function deferredDuplicateFilter(make: () => Promise<DuplicateFilter>): DuplicateFilter {
  const filter = once(make);
  return {
    claim: async (violation, fingerprint) => (await filter()).claim(violation, fingerprint),
  };
}
