import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { ShaMismatchError } from "./errors";

/**
 * A pass-through that hashes the bytes and fails at the end when their SHA-256 (base64) is not the
 * expected one. It holds back the latest chunk until the hash is checked, so a reader that was told
 * the length (an S3 PutObject) never receives the whole body of a wrong package and never stores it.
 */
export function sha256VerifyingStream(expectedSha256: string): Transform {
  const hash = createHash("sha256");
  let heldBack: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      const release = heldBack;
      heldBack = chunk;
      callback(null, release);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest("base64");
      if (actual !== expectedSha256) return callback(new ShaMismatchError(expectedSha256, actual));
      callback(null, heldBack);
    },
  });
}
