import { readFileSync } from "node:fs";
import { join } from "node:path";

const FIXTURE = join(
  __dirname,
  "..",
  "fixtures",
  "events",
  "policy-violation",
  "managed-policy-attached.json",
);

/**
 * A fresh copy of the violation event fixture: an AttachRolePolicy of a managed policy that two
 * rules match (full-admin CRITICAL, then service-wildcard HIGH), suggesting detach_policy.
 */
export function violationEventFixture(): any {
  return JSON.parse(readFileSync(FIXTURE, "utf8"));
}
