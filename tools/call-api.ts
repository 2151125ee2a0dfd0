/**
 * npm run call-api -- --url <endpoint> [--prefix p] [--max-keys n] [--continuation-token t] [--region r]
 *
 * Calls `GET /objects` of a ListingApi with a SigV4-signed request, using the caller's AWS
 * credentials from the default chain (env, SSO/profile, web identity, instance role), and prints
 * `{ status, body }` as JSON. The caller needs `execute-api:Invoke` on the route (ListingApi's
 * `allowedPrincipals`); otherwise API Gateway answers 403. Exits 1 on a non-2xx status.
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { flag, parseArgs } from "./shared/args";
import { callApi } from "./sigv4/call-api";

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const url = flag(args, "url");
  if (!url) {
    throw new Error(
      "usage: npm run call-api -- --url <endpoint> [--prefix p] [--max-keys n] [--continuation-token t] [--region r]",
    );
  }
  const result = await callApi({
    url,
    prefix: flag(args, "prefix"),
    maxKeys: flag(args, "max-keys"),
    continuationToken: flag(args, "continuation-token"),
    region: flag(args, "region"),
    credentials: fromNodeProviderChain(),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.status >= 200 && result.status < 300 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(
      `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}\n`,
    );
    process.exitCode = 1;
  },
);
