import { ListObjectsV2Command, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { BadParameterError, UpstreamError } from "./errors";
import { listObjectsPage } from "./list-objects";

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: "us-east-1" });

function s3Error(name: string, httpStatusCode: number) {
  return new S3ServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode, requestId: "S3REQUEST1" },
    message: `${name} from S3`,
  });
}

beforeEach(() => s3Mock.reset());

describe("listObjectsPage", () => {
  test("sends exactly the bucket, prefix, page size and token", async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [] });
    await listObjectsPage(s3, "data", { prefix: "a/", maxKeys: 7, continuationToken: "tok" });
    expect(s3Mock).toHaveReceivedCommandTimes(ListObjectsV2Command, 1);
    expect(s3Mock).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: "data",
      Prefix: "a/",
      MaxKeys: 7,
      ContinuationToken: "tok",
    });
  });

  test("strips S3's quotes from the ETag and keeps the storage class", async () => {
    s3Mock.on(ListObjectsV2Command).resolves({
      IsTruncated: true,
      NextContinuationToken: "next",
      Contents: [
        {
          Key: "a/b.txt",
          Size: 12,
          LastModified: new Date("2025-03-01T10:15:00Z"),
          ETag: '"9b2cf535f27731c974343645a3985328-2"',
          StorageClass: "GLACIER_IR",
        },
      ],
    });
    await expect(listObjectsPage(s3, "data", { maxKeys: 1 })).resolves.toEqual({
      objects: [
        {
          key: "a/b.txt",
          size: 12,
          lastModified: "2025-03-01T10:15:00.000Z",
          etag: "9b2cf535f27731c974343645a3985328-2",
          storageClass: "GLACIER_IR",
        },
      ],
      nextContinuationToken: "next",
      isTruncated: true,
    });
  });

  test("S3's InvalidArgument for a token it did not issue is a bad continuationToken", async () => {
    s3Mock.on(ListObjectsV2Command).rejects(s3Error("InvalidArgument", 400));
    const listing = listObjectsPage(s3, "data", { maxKeys: 10, continuationToken: "forged" });
    await expect(listing).rejects.toBeInstanceOf(BadParameterError);
    await expect(listing).rejects.toMatchObject({ parameter: "continuationToken" });
  });

  test.each([
    ["AccessDenied", 403, undefined],
    ["InvalidArgument", 400, undefined],
    ["SlowDown", 503, "tok"],
  ])(
    "S3 %s (%i, token %s) is an UpstreamError that keeps the cause",
    async (name, status, token) => {
      const cause = s3Error(name, status);
      s3Mock.on(ListObjectsV2Command).rejects(cause);
      const listing = listObjectsPage(s3, "data", { maxKeys: 10, continuationToken: token });
      await expect(listing).rejects.toBeInstanceOf(UpstreamError);
      await expect(listing).rejects.toMatchObject({
        name: "UpstreamError",
        message: "ListObjectsV2 on the bucket failed",
        cause,
      });
    },
  );
});
