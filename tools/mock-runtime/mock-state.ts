import { createHash } from "node:crypto";

export const MOCK_ACCOUNT = "123456789012";

/** The service part of an ARN for a Pulumi AWS type token, e.g. `aws:s3/bucket:Bucket` → `s3`. */
function serviceOf(type: string): string {
  const module = type.split(":")[1]?.split("/")[0] ?? "unknown";
  const services: Record<string, string> = {
    cloudwatch: "events",
    apigatewayv2: "apigateway",
    secretsmanager: "secretsmanager",
    kms: "kms",
  };
  return services[module] ?? module;
}

/** What Pulumi would autoname a resource: its name and a short stable suffix. */
export function physicalName(name: string): string {
  return `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
}

/**
 * The state a mocked resource reports: its inputs plus the computed properties the programs read
 * (ARNs, names, URLs), shaped like AWS's, so that policies see realistic documents.
 */
export function mockState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): { id: string; state: Record<string, unknown> } {
  const physical = (inputs.name as string | undefined) ?? physicalName(name);
  const service = serviceOf(type);
  const state: Record<string, unknown> = { ...inputs };
  const arnPrefix = `arn:aws:${service}:${region}:${MOCK_ACCOUNT}`;
  let id = physical;
  switch (type) {
    case "aws:s3/bucket:Bucket": {
      const bucket = (inputs.bucket as string | undefined) ?? physical;
      Object.assign(state, {
        bucket,
        arn: `arn:aws:s3:::${bucket}`,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
      });
      id = bucket;
      break;
    }
    case "aws:iam/role:Role":
    case "aws:iam/policy:Policy":
    case "aws:iam/user:User":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:${type.split(":")[2].toLowerCase()}/${physical}`,
      });
      break;
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      Object.assign(state, {
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      });
      break;
    case "aws:lambda/function:Function":
      Object.assign(state, {
        name: physical,
        arn: `${arnPrefix}:function:${physical}`,
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arnPrefix}:function:${physical}/invocations`,
        qualifiedArn: `${arnPrefix}:function:${physical}:$LATEST`,
      });
      break;
    case "aws:sqs/queue:Queue":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT}:${physical}`,
        url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${physical}`,
      });
      id = state.url as string;
      break;
    case "aws:sns/topic:Topic":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:sns:${region}:${MOCK_ACCOUNT}:${physical}`,
      });
      id = state.arn as string;
      break;
    case "aws:kms/key:Key":
      id = createHash("sha256").update(name).digest("hex").slice(0, 32);
      Object.assign(state, { keyId: id, arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT}:key/${id}` });
      break;
    case "aws:cloudwatch/logGroup:LogGroup":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:${physical}`,
      });
      break;
    case "aws:cloudwatch/eventBus:EventBus":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:events:${region}:${MOCK_ACCOUNT}:event-bus/${physical}`,
      });
      break;
    case "aws:cloudwatch/eventRule:EventRule":
      Object.assign(state, {
        name: physical,
        arn: `arn:aws:events:${region}:${MOCK_ACCOUNT}:rule/${physical}`,
      });
      break;
    case "aws:apigatewayv2/api:Api":
      id = createHash("sha256").update(name).digest("hex").slice(0, 10);
      Object.assign(state, {
        apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${region}:${MOCK_ACCOUNT}:${id}`,
        arn: `arn:aws:apigateway:${region}::/apis/${id}`,
      });
      break;
    case "aws:secretsmanager/secret:Secret":
      Object.assign(state, {
        arn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:${physical}-AbCdEf`,
      });
      id = state.arn as string;
      break;
    case "aws:ssm/parameter:Parameter":
      Object.assign(state, {
        arn: `arn:aws:ssm:${region}:${MOCK_ACCOUNT}:parameter/${String(physical).replace(/^\//, "")}`,
      });
      break;
    default:
      if (!("arn" in state))
        state.arn = `${arnPrefix}:${type.split(":")[2]?.toLowerCase() ?? "resource"}/${physical}`;
      if (!("name" in state)) state.name = physical;
  }
  return { id, state };
}

/**
 * What a mocked provider function returns: the caller's account, the stack's region and the `aws`
 * partition for the data sources the components read; any other function echoes its inputs.
 */
export function mockCall(
  token: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`,
        userId: "MOCK",
      };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    default:
      return inputs;
  }
}
