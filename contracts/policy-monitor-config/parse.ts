import { CONFIG_BUCKET_KEYS } from "../policy-monitor";
import { parseConfigFile } from "./config-file";
import { rulesFileSchema, type Rule } from "./rules-schema";
import { suppressFileSchema, type Suppression } from "./suppress-schema";

/** Parses rules.yaml; a bad file fails with `<fileName>: <path> <problem>`. */
export function parseRules(text: string, fileName: string = CONFIG_BUCKET_KEYS.rules): Rule[] {
  return parseConfigFile(text, fileName, rulesFileSchema).rules;
}

/** Parses suppress.yaml; a bad file fails with `<fileName>: <path> <problem>`. */
export function parseSuppressions(
  text: string,
  fileName: string = CONFIG_BUCKET_KEYS.suppress,
): Suppression[] {
  return parseConfigFile(text, fileName, suppressFileSchema).suppressions;
}
