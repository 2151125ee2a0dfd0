import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DownloadError, httpZipDownloader } from "./download";

describe("httpZipDownloader", () => {
  let server: Server;
  let base: string;
  const zip = Buffer.from("PK\u0003\u0004 a small package");

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith("/ok")) {
        response.writeHead(200, { "content-length": zip.length });
        response.end(zip);
      } else if (request.url?.startsWith("/chunked")) {
        response.writeHead(200); // no Content-Length: chunked
        response.end(zip);
      } else {
        response.writeHead(403);
        response.end("<Error>AccessDenied</Error>");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("streams the body and reports its length", async () => {
    const download = await httpZipDownloader()(`${base}/ok?X-Amz-Signature=abc`, "fn");
    const chunks: Buffer[] = [];
    for await (const chunk of download.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(zip);
    expect(download.contentLength).toBe(zip.length);
  });

  test("resolveUrl chooses where the package is fetched from", async () => {
    const resolveUrl = jest.fn(() => `${base}/ok`);
    await httpZipDownloader(resolveUrl)("https://awslambda.example/fake", "fn");
    expect(resolveUrl).toHaveBeenCalledWith("https://awslambda.example/fake", "fn");
  });

  test.each([
    ["/denied?X-Amz-Signature=secret-signature", "download of the package answered HTTP 403"],
    ["/chunked?X-Amz-Signature=secret-signature", "download of the package has no Content-Length"],
  ])(
    "%s fails with a DownloadError that leaves the pre-signed query out",
    async (path, message) => {
      const failure = httpZipDownloader()(`${base}${path}`, "fn");
      await expect(failure).rejects.toThrow(new DownloadError(message));
      await expect(failure).rejects.toThrow(expect.objectContaining({ name: "DownloadError" }));
    },
  );

  test("a connection failure names the error code, not the URL", async () => {
    const failure = httpZipDownloader()(
      "http://127.0.0.1:9/pkg?X-Amz-Signature=secret-signature",
      "fn",
    );
    await expect(failure).rejects.toThrow("download of the package failed: ECONNREFUSED");
    await expect(failure).rejects.not.toThrow(/secret-signature/);
  });
});
