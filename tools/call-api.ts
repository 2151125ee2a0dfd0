/**
 * npm run call-api -- --url <endpoint> [--prefix p] [--max-keys n] [--continuation-token t] [--region r]
 *
 * Calls `GET /objects` of a ListingApi with a SigV4-signed request, using the caller's AWS
 * credentials from the default chain (env, SSO/profile, web identity, instance role), and prints
 * `{ status, body }` as JSON. The caller needs `execute-api:Invoke` on the route (ListingApi's
 * `allowedPrincipals`); otherwise API Gateway answers 403. Exits 1 on a non-2xx status.
 */
import "./shared/node-version";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { runCommand, UsageError, type CommandSpec, type ParsedCommand } from "./shared/cli";
import { callApi } from "./sigv4/call-api";

export const CALL_API_COMMAND: CommandSpec = {
  command: "npm run call-api --",
  description:
    "Calls GET /objects of a ListingApi with a SigV4-signed request from your AWS credentials and\n" +
    "prints { status, body } as JSON. Exits 1 on a non-2xx status.",
  flags: [
    { name: "url", value: "<endpoint>", help: "the API's URL, the stack output `url` (required)" },
    { name: "prefix", value: "<prefix>", help: "lists only keys under this prefix" },
    { name: "max-keys", value: "<n>", help: "keys per page (the API's default and limit apply)" },
    {
      name: "continuation-token",
      value: "<token>",
      help: "the previous page's nextContinuationToken",
    },
    {
      name: "region",
      value: "<region>",
      help: "the signing region; defaults to the one in the URL",
    },
  ],
};

async function main(args: ParsedCommand): Promise<number> {
  const url = args.string("url");
  if (!url) throw new UsageError("--url <endpoint> is required");
  const result = await callApi({
    url,
    prefix: args.string("prefix"),
    maxKeys: args.string("max-keys"),
    continuationToken: args.string("continuation-token"),
    region: args.string("region"),
    credentials: fromNodeProviderChain(),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.status >= 200 && result.status < 300 ? 0 : 1;
}

void runCommand(CALL_API_COMMAND, process.argv.slice(2), main);
