/**
 * CloudTrail's key layout: `[<trail prefix>/]AWSLogs/[<org-id>/]<account>/CloudTrail[-Digest|-Insight]/
 * <region>/YYYY/MM/DD/<file>`. A "day tree" is one `…/<region>/` folder: its keys sort by day.
 */

/** A `…/<region>/` folder: the root of one day tree. */
const DAY_TREE =
  /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail(?:-Digest|-Insight)?\/[a-z0-9-]+\/$/;
/** A folder on the way to day trees: `AWSLogs/`, its organization, account and CloudTrail folders. */
const ON_THE_WAY =
  /(?:^|\/)AWSLogs\/(?:(?:o-[a-z0-9]+\/)?(?:\d{12}\/(?:CloudTrail(?:-Digest|-Insight)?\/)?)?)?$/;
/** Folders above `AWSLogs/` that may be a trail's own S3 key prefix (`my-trail/AWSLogs/…`). */
const MAX_TRAIL_PREFIX_DEPTH = 2;

export type PrefixKind = "day-tree" | "descend" | "full-scan";

/** What discovery does with the folder `prefix` found under `root`. */
export function classifyPrefix(prefix: string, root: string): PrefixKind {
  if (DAY_TREE.test(prefix)) return "day-tree";
  if (ON_THE_WAY.test(prefix)) return "descend";
  const depth = prefix.slice(root.length).split("/").filter(Boolean).length;
  if (!prefix.includes("AWSLogs/") && depth <= MAX_TRAIL_PREFIX_DEPTH) return "descend";
  return "full-scan";
}

const DAY_FOLDER = /^(\d{4})\/(\d{2})\/(\d{2})\//;
const DAY_MS = 86_400_000;

/** A UTC day as `YYYY/MM/DD`, the form of CloudTrail's day folders. */
export type Day = string;

export function dayOf(date: Date): Day {
  return date.toISOString().slice(0, 10).replace(/-/g, "/");
}

const startOf = (day: Day) => Date.parse(`${day.replace(/\//g, "-")}T00:00:00Z`);

export function previousDay(day: Day): Day {
  return dayOf(new Date(startOf(day) - DAY_MS));
}

/** The day folder of `key` inside the day tree `tree`, or undefined when it has none. */
export function dayOfKey(key: string, tree: string): Day | undefined {
  const match = DAY_FOLDER.exec(key.slice(tree.length));
  if (!match) return undefined;
  const day = `${match[1]}/${match[2]}/${match[3]}`;
  const start = startOf(day);
  // A folder like 2025/02/30 is not a day CloudTrail writes.
  return Number.isNaN(start) || dayOf(new Date(start)) !== day ? undefined : day;
}

/**
 * The last day all of whose objects are at least `thresholdDays` old at `asOf`: a file in a day
 * folder was written during that UTC day, so the whole day qualifies once its end does.
 */
export function lastEligibleDay(asOf: Date, thresholdDays: number): Day {
  return dayOf(new Date(asOf.getTime() - thresholdDays * DAY_MS - DAY_MS));
}

/**
 * The listing `StartAfter` that skips the day folder `day` of `tree` and everything before it: it
 * sorts after every key of that folder (`/` < `0`) and before every key of a later day.
 */
export function startAfterDay(tree: string, day: Day): string {
  return `${tree}${day}0`;
}
