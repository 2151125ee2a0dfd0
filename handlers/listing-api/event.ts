/**
 * The first field a `GET /objects` event lacks or holds with the wrong type, or undefined when the
 * event has the shape of an API Gateway payload format 2.0 request: an object with
 * `requestContext.requestId`, and `queryStringParameters` / `rawQueryString` when present.
 */
export function malformedEventField(event: unknown): string | undefined {
  if (!isObject(event)) return "event";
  const { requestContext, queryStringParameters, rawQueryString } = event;
  if (!isObject(requestContext)) return "requestContext";
  if (typeof requestContext.requestId !== "string") return "requestContext.requestId";
  if (queryStringParameters !== undefined && !isObject(queryStringParameters)) {
    return "queryStringParameters";
  }
  if (rawQueryString !== undefined && typeof rawQueryString !== "string") return "rawQueryString";
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
