import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** The objects the moto tests put in their bucket: 1,200 under `reports/`, 300 under `images/`. */
export function testObjectKeys(): string[] {
  const reports = Array.from(
    { length: 1200 },
    (_, i) => `reports/2025/${String(i).padStart(4, "0")}.csv`,
  );
  const images = Array.from({ length: 300 }, (_, i) => `images/${String(i).padStart(3, "0")}.png`);
  return [...reports, ...images];
}

/** The body of a test object: its key, so that sizes differ and are easy to predict. */
export const testObjectBody = (key: string) => `body of ${key}`;

/** Creates the bucket and its 1,500 objects, 32 uploads at a time. */
export async function putTestObjects(s3: S3Client, bucket: string): Promise<string[]> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const keys = testObjectKeys();
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: testObjectBody(key) }));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return keys;
}
