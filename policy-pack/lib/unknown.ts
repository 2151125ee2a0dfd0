import * as policyModule from "@pulumi/policy";

/**
 * `@pulumi/policy` exports these at run time (index.js) but its `proxy.d.ts` declares nothing, so
 * they are typed here. The server reports an `UnknownValueError` as an advisory.
 */
interface PolicyRuntime {
  UnknownValueError: new (unknownTypeSentinel: string, props: string[]) => Error;
  unknownCheckingProxy: <T>(props: T) => T;
}
const runtime = policyModule as unknown as PolicyRuntime;
export const UnknownValueError = runtime.UnknownValueError;
export const unknownCheckingProxy = runtime.unknownCheckingProxy;

/**
 * The sentinels `@pulumi/policy` puts in `props` for values the engine only knows after `up`
 * (`proxy.js`: unknownBooleanValue … unknownObjectValue). The engine itself sends the string one for
 * every unknown, so in practice that is the one a policy meets.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The unknown the engine sends for any type; the value hand-built test args use for "unknown". */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const PROXY_MARKER = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

/** True for a value that is unknown during preview, in either form a policy can meet it. */
export function isUnknown(value: unknown): boolean {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value);
  // The SDK's own `Unknown` (what the mock runtime deserialises an unknown into under preview).
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { constructor?: { name?: string } }).constructor?.name === "Unknown"
  );
}

/**
 * The plain object behind the unknown-checking proxy `@pulumi/policy` wraps `props` in, so that a
 * policy can test a value with `isUnknown` instead of having the proxy throw on first read and
 * abandon every other check of the policy.
 */
export function raw<T>(props: T): T {
  if (typeof props === "object" && props !== null) {
    const record = props as Record<string, unknown>;
    if (record[PROXY_MARKER] === true) return record[PROXY_TARGET] as T;
  }
  return props;
}

export interface UnknownProperty {
  /** The URN of the resource whose property is unknown. */
  readonly urn: string;
  /** Which property, e.g. `bucket` or `statement 2 of policy`. */
  readonly property: string;
}

/**
 * Thrown at the end of a policy that met values it cannot decide on during preview. It extends
 * `@pulumi/policy`'s `UnknownValueError`, so the CrossGuard server reports it as an advisory
 * ("can't run policy … during preview: …") instead of failing the preview; every violation the policy
 * could decide was reported before the throw.
 */
export class PreviewUnknownError extends UnknownValueError {
  readonly unknowns: readonly UnknownProperty[];
  constructor(unknowns: readonly UnknownProperty[]) {
    super(UNKNOWN, []);
    this.name = "PreviewUnknownError";
    this.unknowns = unknowns;
    this.message = unknowns.map((u) => `${u.property} of ${u.urn} is unknown`).join("; ");
  }
}

/** Collects unknown properties while a policy runs; `throwIfAny()` ends the policy. */
export class UnknownCollector {
  private readonly unknowns: UnknownProperty[] = [];
  add(urn: string, property: string): void {
    this.unknowns.push({ urn, property });
  }
  throwIfAny(): void {
    if (this.unknowns.length > 0) throw new PreviewUnknownError(this.unknowns);
  }
}
