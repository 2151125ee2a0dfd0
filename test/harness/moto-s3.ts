import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { matchesGlob } from "../../policy-pack/lib/iam/glob";
import type { PolicyStatement } from "../../policy-pack/lib/iam/policy-document";

/**
 * True when the statements allow `s3:ListBucket` on the bucket with no condition: only then does S3
 * tell a caller that a key is missing (404). A prefix condition does not count, since a read of
 * one key carries no `s3:prefix`.
 */
export function mayListBucket(statements: readonly PolicyStatement[], bucket: string): boolean {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  return statements.some(
    (statement) =>
      statement.effect === "Allow" &&
      !statement.hasCondition &&
      (statement.action ?? []).some((action) =>
        matchesGlob(action, "s3:ListBucket", { ignoreCase: true }),
      ) &&
      (statement.resource ?? []).some((resource) => matchesGlob(resource, bucketArn)),
  );
}

/**
 * Makes moto answer a read of a missing key as S3 does for a caller without `s3:ListBucket` on the
 * bucket: 403 instead of 404 (HeadObject: `Forbidden` with no body; GetObject: `AccessDenied`).
 * moto always answers 404, which hides handlers that take only 404 for "absent".
 */
function answerMissingKeysLikeS3(client: S3Client, statements: readonly PolicyStatement[]): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const command = context.commandName;
        const bucket = (args.input as { Bucket?: string }).Bucket ?? "";
        const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
        const reads = command === "HeadObjectCommand" || command === "GetObjectCommand";
        if (!reads || metadata?.httpStatusCode !== 404 || mayListBucket(statements, bucket)) {
          throw error;
        }
        const head = command === "HeadObjectCommand";
        throw Object.assign(new Error(head ? "UnknownError" : "Access Denied"), {
          name: head ? "Forbidden" : "AccessDenied",
          $fault: "client",
          $metadata: { ...metadata, httpStatusCode: 403 },
        });
      }
    },
    { step: "initialize", name: "answerMissingKeysLikeS3" },
  );
}

/** Characters that moto's web server decodes from `%XX` before moto checks a signature. */
const DECODED_IN_PATH = /%(21|24|26|27|28|29|2A|2B|2C|3A|3B|3D|40|5B|5D)/gi;
const DECODED_IN_QUERY = /%(21|24|27|28|29|2A|2C|2F|3A|3B|3F|40|5B|5D)/gi;
/** A run of escaped bytes of non-ASCII characters (UTF-8), which the server decodes too. */
const NON_ASCII = /(%[89A-F][0-9A-F])+/gi;
const decode = (text: string, escapes: RegExp) =>
  text
    .replace(escapes, (escape) => decodeURIComponent(escape))
    .replace(NON_ASCII, (escapes) => decodeURIComponent(escapes));

/**
 * SigV4 as moto checks it. moto recomputes a signature from the URL its web server (Werkzeug)
 * hands it, which has some escapes decoded (non-ASCII characters, `=` in a path such as `audit/year=2026/…`, `/` in a
 * query such as `prefix=AWSLogs/`), so the SDK's own canonical request would not match once IAM is
 * enforced. This signs the same request with those characters as moto will see them (a key with
 * a literal `%` still fails: the server decodes it once more).
 */
class MotoSignatureV4 extends SignatureV4 {
  createCanonicalRequest(...args: Parameters<SignatureV4["createCanonicalRequest"]>): string {
    const [method, path, query, ...rest] = super.createCanonicalRequest(...args).split("\n");
    return [method, decode(path, DECODED_IN_PATH), decode(query, DECODED_IN_QUERY), ...rest].join(
      "\n",
    );
  }
}

/**
 * An S3 client for moto with IAM enforced. Given the statements of the identity it signs as, it
 * also answers a missing key with 403 where S3 would (see `answerMissingKeysLikeS3`).
 */
export function motoS3Client(
  config: S3ClientConfig,
  statements?: readonly PolicyStatement[],
): S3Client {
  const client = new S3Client({ ...config, signerConstructor: MotoSignatureV4 });
  if (statements) answerMissingKeysLikeS3(client, statements);
  return client;
}
