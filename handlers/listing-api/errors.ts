/** A query parameter of the request is missing, unknown, repeated or out of range: the client's fault (400). */
export class BadParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "BadParameterError";
  }
}

/** S3 refused or failed the listing: reported to the client as 502, without S3's details. */
export class UpstreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamError";
  }
}
