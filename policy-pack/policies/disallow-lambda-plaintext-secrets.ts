import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const SECRET_WORDS = [
  "PASSWORD",
  "PASSWD",
  "PWD",
  "SECRET",
  "TOKEN",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "PRIVATE",
];
/**
 * `KEY` alone names S3 object keys as often as secrets (`RULES_KEY`, `STATE_KEY`), so it counts only
 * on its own or after a word that makes it a credential: `API_KEY`, `ACCESS_KEY`, `SIGNING_KEY`…
 */
const KEY_QUALIFIERS = [
  "API",
  "ACCESS",
  "SIGNING",
  "ENCRYPTION",
  "MASTER",
  "AUTH",
  "CLIENT",
  "LICENSE",
  "HMAC",
  "SSH",
  "WEBHOOK",
];
/** A last word that makes the variable a pointer to a secret, not the secret. */
const REFERENCE_WORDS = ["ARN", "NAME", "ID", "PARAMETER", "PARAM", "PATH"];

/** `apiKey`, `API_KEY`, `api-key` → `["API", "KEY"]`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

export function isSecretLikeName(name: string): boolean {
  const parts = words(name);
  const credentialKey = parts.some(
    (part, index) =>
      part === "KEY" && (parts.length === 1 || KEY_QUALIFIERS.includes(parts[index - 1] ?? "")),
  );
  return (
    (credentialKey || parts.some((part) => SECRET_WORDS.includes(part))) &&
    !REFERENCE_WORDS.includes(parts[parts.length - 1] ?? "")
  );
}

/**
 * The names of a JSON value's fields whose values are literals under a secret-like name: a variable
 * that carries structured config (`SECRET_PAIRS=[{"rdsSecretArn": "arn:…"}]`) is judged field by
 * field, so references inside it pass and a `password` field inside it does not.
 */
function literalSecretsInJson(value: unknown, path: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => literalSecretsInJson(item, `${path}[${index}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([field, inner]) => {
      const fieldPath = `${path}.${field}`;
      if (inner && typeof inner === "object") return literalSecretsInJson(inner, fieldPath);
      return isSecretLikeName(field) && !isReference(String(inner)) ? [fieldPath] : [];
    });
  }
  return [];
}

function parseJsonContainer(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** ARNs, SSM parameter paths and dynamic references point at a secret instead of holding it. */
const isReference = (value: string) =>
  value === "" ||
  value.startsWith("arn:") ||
  value.startsWith("/") ||
  value.startsWith("{{resolve:");

/**
 * Risk: environment variables are readable by anyone with lambda:GetFunctionConfiguration and
 * land in the Pulumi state and plan output; a secret there is not a secret.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption
 */
export const disallowLambdaPlaintextSecrets = resourcePolicy({
  name: "disallow-lambda-plaintext-secrets",
  description:
    "Lambda environment variables named like secrets (PASSWORD, SECRET, TOKEN, KEY…) hold a reference, not a literal value.",
  remediationSteps:
    "Store the value in Secrets Manager or SSM Parameter Store and pass its ARN or name (e.g. DB_PASSWORD_ARN).",
  url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {},
  types: ["aws:lambda/function:Function"],
  check: ({ props, report, unknown }) => {
    const environment = props.environment as { variables?: unknown } | undefined;
    if (isUnknown(environment)) return unknown("environment");
    const variables = environment?.variables;
    if (isUnknown(variables)) return unknown("environment.variables");
    for (const [name, value] of Object.entries((variables as Record<string, unknown>) ?? {})) {
      if (!isSecretLikeName(name)) continue;
      if (isUnknown(value)) {
        unknown(`environment.variables.${name}`);
        continue;
      }
      const json = parseJsonContainer(String(value));
      if (json !== undefined) {
        for (const field of literalSecretsInJson(json, `environment.variables.${name}`)) {
          report(`${field} holds a literal value, not a reference`);
        }
      } else if (!isReference(String(value))) {
        // The value itself is never echoed: it may be the secret.
        report(
          `environment.variables.${name} holds a literal value (${String(value).length} characters), not a reference`,
        );
      }
    }
  },
});
