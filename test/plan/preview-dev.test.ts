import { join } from "node:path";
import { evaluatePolicies } from "../../tools/mock-runtime/evaluate-policies";
import { runProgram } from "../../tools/mock-runtime/run-program";
import { readStackConfig } from "../../tools/mock-runtime/stack-config";

// Which code a function runs does not matter to the pack: the archives are stand-ins.
jest.mock("../../components/core/build/bundle", () => ({
  buildHandlerArchive: (entry: string) => ({ path: `/tmp/${entry}.zip`, sha256: entry, size: 1 }),
}));

test("a first preview of the dev stack has no mandatory violation", async () => {
  const { resources } = await runProgram({
    program: () => import("../../index"),
    config: readStackConfig(join(__dirname, "..", ".."), "dev"),
    preview: true,
  });
  const violations = await evaluatePolicies(resources);
  expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  // Every bucket's companions are matched through their property dependencies.
  expect(violations.filter((v) => /bucket of/.test(v.message))).toEqual([]);
}, 120_000);
