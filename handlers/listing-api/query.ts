import { LISTING_API_ROUTE_KEY } from "../../contracts/listing-api";
import { BadParameterError } from "./errors";

/** The query of `GET /objects`, validated. */
export interface ListingQuery {
  readonly prefix?: string;
  readonly maxKeys: number;
  readonly continuationToken?: string;
}

export const DEFAULT_MAX_KEYS = 100;
export const MAX_MAX_KEYS = 1000;
/** S3 object keys are at most 1,024 bytes of UTF-8, so a longer prefix can match nothing. */
const MAX_PREFIX_BYTES = 1024;
const MAX_TOKEN_LENGTH = 4096;
const KNOWN_PARAMETERS = ["prefix", "maxKeys", "continuationToken"] as const;

/**
 * Validates the query of a payload format 2.0 event. API Gateway joins repeated parameters with
 * commas in `queryStringParameters`, which would silently turn `prefix=a&prefix=b` into the prefix
 * `a,b`; so repeats are found in `rawQueryString` and refused.
 */
export function parseListingQuery(
  parameters: Record<string, string | undefined> | undefined,
  rawQueryString = "",
): ListingQuery {
  const values = parameters ?? {};
  for (const name of Object.keys(values)) {
    if (!(KNOWN_PARAMETERS as readonly string[]).includes(name)) {
      throw new BadParameterError(
        name,
        `${name} is not a parameter of ${LISTING_API_ROUTE_KEY} (expected ${KNOWN_PARAMETERS.join(", ")})`,
      );
    }
  }
  const counts = new Map<string, number>();
  for (const name of new URLSearchParams(rawQueryString).keys()) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const name of KNOWN_PARAMETERS) {
    if ((counts.get(name) ?? 0) > 1)
      throw new BadParameterError(name, `${name} must be given once`);
  }

  const prefix = values.prefix;
  if (prefix !== undefined && Buffer.byteLength(prefix, "utf8") > MAX_PREFIX_BYTES) {
    throw new BadParameterError("prefix", `prefix must be at most ${MAX_PREFIX_BYTES} bytes`);
  }
  const token = values.continuationToken;
  if (token !== undefined && (token === "" || token.length > MAX_TOKEN_LENGTH)) {
    throw new BadParameterError(
      "continuationToken",
      `continuationToken must be the nextContinuationToken of a previous page`,
    );
  }
  return {
    prefix: prefix === "" ? undefined : prefix,
    maxKeys: parseMaxKeys(values.maxKeys),
    continuationToken: token,
  };
}

function parseMaxKeys(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_KEYS;
  const value = /^[0-9]{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= MAX_MAX_KEYS)) {
    throw new BadParameterError(
      "maxKeys",
      `maxKeys must be an integer from 1 to ${MAX_MAX_KEYS}, got "${raw.slice(0, 32)}"`,
    );
  }
  return value;
}
