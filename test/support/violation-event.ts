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

/** A fresh copy of the violation event fixture (an AttachUserPolicy of a managed policy). */
export function violationEventFixture(): any {
  return JSON.parse(readFileSync(FIXTURE, "utf8"));
}
