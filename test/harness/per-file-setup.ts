import "../../tools/shared/node-version";
import { resetMoto } from "./moto";

// Each test file starts from an empty AWS: its worker's moto server is reset before the file runs.
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  process.env.AWS_REGION ??= "us-east-1";
  await resetMoto();
});
