import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { ConfigFileError } from "../../contracts/policy-monitor-config/config-file";
import { projectDirectory, resolveProjectPath } from "../core/project-path";
import { shippedFile } from "../core/package-files";

/** A config file an arg names, read and validated when the program runs. */
export interface ConfigArgFile<T> {
  /** The absolute path, for the bucket object's `FileAsset`. */
  readonly path: string;
  /** The parsed, valid content. */
  readonly value: T;
}

/**
 * Reads the file that the arg `arg` names (`given`, by the project path rule of
 * `resolveProjectPath`), or opsguard's shipped `defaultPath` when it is not given, and validates it
 * with `parse`, so that a bad file fails `pulumi preview` instead of the handler at run time.
 * `fail` receives the problem starting with the arg: `rulesPath rules/bad.yaml: rules[3].severity
 * must be one of LOW, MEDIUM, HIGH, CRITICAL`, or `rulesPath: no such file: /project/rules/bad.yaml …`.
 */
export function readConfigArg<T>(
  arg: string,
  given: string | undefined,
  defaultPath: string,
  parse: (text: string, fileName: string) => T,
  fail: (problem: string) => never,
): ConfigArgFile<T> {
  const path = given === undefined ? shippedFile(defaultPath) : resolveProjectPath(given);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const from =
      given !== undefined && !isAbsolute(given)
        ? ` ("${given}" is read from the Pulumi project directory ${projectDirectory()})`
        : "";
    if (code === "ENOENT") fail(`${arg}: no such file: ${path}${from}`);
    fail(`${arg}: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return { path, value: parse(text, given ?? path) };
  } catch (error) {
    if (error instanceof ConfigFileError) fail(`${arg} ${error.message}`);
    throw error;
  }
}
