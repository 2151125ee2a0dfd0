import { readFileSync } from "node:fs";
import { join } from "node:path";

const EVENTS = join(__dirname, "..", "fixtures", "events");
const FIXTURE = join(EVENTS, "policy-violation", "managed-policy-attached.json");
const REMEDIATION_BATCH = join(EVENTS, "sqs", "policy-remediation.json");

/**
 * A fresh copy of the violation event fixture: an AttachRolePolicy of a managed policy that two
 * rules match (full-admin CRITICAL, then service-wildcard HIGH), suggesting detach_policy.
 */
export function violationEventFixture(): any {
  return JSON.parse(readFileSync(FIXTURE, "utf8"));
}

/** A fresh copy of the SQS batch fixture that carries that violation event to the remediator. */
export function remediationBatchFixture(): any {
  return JSON.parse(readFileSync(REMEDIATION_BATCH, "utf8"));
}
