/** A handler's deployment package: a zip on disk. */
export interface HandlerArchive {
  /** Path of the zip on disk. */
  readonly path: string;
  /** Base64 SHA-256 of the zip: the form Lambda reports as `CodeSha256`. */
  readonly sha256: string;
  /** Size of the zip in bytes. */
  readonly size: number;
}
