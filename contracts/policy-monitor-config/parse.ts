import { parseConfigFile } from "./config-file";
import { rulesFileSchema, type Rule } from "./rules-schema";
import { suppressFileSchema, type Suppression } from "./suppress-schema";

/** Parses rules.yaml; a bad file fails with `rules.yaml: <path> <problem>`. */
export function parseRules(text: string, fileName = "rules.yaml"): Rule[] {
  return parseConfigFile(text, fileName, rulesFileSchema).rules;
}

/** Parses suppress.yaml; a bad file fails with `suppress.yaml: <path> <problem>`. */
export function parseSuppressions(text: string, fileName = "suppress.yaml"): Suppression[] {
  return parseConfigFile(text, fileName, suppressFileSchema).suppressions;
}
