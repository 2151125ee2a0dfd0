import * as pulumi from "@pulumi/pulumi";
import { isAbsolute, resolve } from "node:path";

/**
 * The Pulumi project's directory: the folder of `Pulumi.yaml`. The Pulumi CLI tells the program
 * (`pulumi.runtime.getRootDirectory()`); where it does not (the mock runtime of the tests and
 * `npm run plan`, which leaves a placeholder that is not a path), the working directory stands in,
 * which is the same folder when `pulumi` runs a program whose `main` is beside its `Pulumi.yaml`.
 */
export function projectDirectory(): string {
  const root = pulumi.runtime.getRootDirectory();
  return root && isAbsolute(root) ? root : process.cwd();
}

/**
 * The one rule for a file path in component args and stack config: a relative path is read from
 * the Pulumi project's directory (`projectDirectory()`), an absolute one as given.
 */
export function resolveProjectPath(path: string): string {
  return isAbsolute(path) ? path : resolve(projectDirectory(), path);
}
