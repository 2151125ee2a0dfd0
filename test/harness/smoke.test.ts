import { CreateBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { Client } from "pg";
import { awsTestConfig, resetMoto } from "./moto";
import { startPostgres } from "./postgres";

describe("test harness", () => {
  test("moto answers real SDK calls and a reset empties it", async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: "harness-bucket" }));
    const before = await s3.send(new ListBucketsCommand({}));
    expect(before.Buckets?.map((bucket) => bucket.Name)).toEqual(["harness-bucket"]);

    await resetMoto();

    const after = await s3.send(new ListBucketsCommand({}));
    expect(after.Buckets ?? []).toEqual([]);
  });

  test("postgres rejects a wrong password over TCP and accepts the right one", async () => {
    const server = await startPostgres();
    try {
      const admin = new Client({
        host: server.socketDir,
        port: server.port,
        user: server.superuser,
      });
      await admin.connect();
      await admin.query("CREATE ROLE harness LOGIN PASSWORD 'right-password'");
      await admin.end();
      const connect = (password: string) =>
        new Client({
          host: server.host,
          port: server.port,
          user: "harness",
          password,
          database: "postgres",
        });

      await expect(connect("wrong-password").connect()).rejects.toThrow(
        'password authentication failed for user "harness"',
      );
      const ok = connect("right-password");
      await ok.connect();
      const { rows } = await ok.query("SELECT current_user AS user");
      await ok.end();
      expect(rows).toEqual([{ user: "harness" }]);
    } finally {
      server.stop();
    }
  });
});
