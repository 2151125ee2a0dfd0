/** The stable key of a function's $LATEST backup; S3 versioning keeps its history. */
export function zipKey(destPrefix: string, functionName: string): string {
  return `${destPrefix}/${functionName}.zip`;
}

/** The key of a published version's backup: written once, never overwritten. */
export function versionZipKey(destPrefix: string, functionName: string, version: string): string {
  return `${destPrefix}/${functionName}/versions/${version}.zip`;
}

export function stateKey(statePrefix: string, functionName: string): string {
  return `${statePrefix}/${functionName}.json`;
}
