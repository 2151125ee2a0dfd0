/** An EventBridge pattern value: exact strings or content filters. */
type PatternValue = (string | { prefix: string } | { exists: boolean })[];
export interface EventPattern {
  readonly [key: string]: PatternValue | EventPattern | EventPattern[];
}

/**
 * The pattern of the deployment rule: successful `UpdateFunctionCode*` and `PublishVersion*` calls
 * from CloudTrail (the names carry API versions, so prefixes). With watched functions, it matches the
 * bare name in `responseElements`, or the name, full ARN or partial ARN in `requestParameters`.
 */
export function codeWatcherEventPattern(options: {
  readonly watchedFunctions?: readonly string[];
  readonly region: string;
  readonly accountId: string;
  readonly partition?: string;
}): EventPattern {
  const detail: Record<string, PatternValue | EventPattern[]> = {
    eventSource: ["lambda.amazonaws.com"],
    eventName: [{ prefix: "UpdateFunctionCode" }, { prefix: "PublishVersion" }],
    errorCode: [{ exists: false }],
  };
  const names = options.watchedFunctions ?? [];
  if (names.length > 0) {
    const partial = names.map((name) => `${options.accountId}:function:${name}`);
    const arns = partial.map(
      (p) => `arn:${options.partition ?? "aws"}:lambda:${options.region}:${p}`,
    );
    detail.$or = [
      { responseElements: { functionName: [...names] } },
      { requestParameters: { functionName: [...names, ...arns, ...partial] } },
    ];
  }
  return {
    source: ["aws.lambda"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail,
  };
}
