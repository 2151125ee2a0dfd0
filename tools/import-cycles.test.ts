import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { importCycles } from "./import-cycles";

const ROOT = join(__dirname, "..");

/** A throwaway project: its tsconfig.json and the given files. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "import-cycles-"));
  const all = { "tsconfig.json": JSON.stringify({ include: ["**/*.ts"] }), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("importCycles", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const cyclesOf = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return importCycles(join(root, "tsconfig.json"));
  };

  test.each([
    ["a value import each way", 'import { b } from "./b";', 'import { a } from "./a";'],
    ["a type-only import back", 'import { b } from "./b";', 'import type { A } from "./a";'],
    ["a type-only re-export", 'export type { B } from "./b";', 'import type { A } from "./a";'],
    ["an inline import type", 'import { b } from "./b";', 'export type T = import("./a").A;'],
    ["a dynamic import", 'export const b = () => import("./b");', 'import { a } from "./a";'],
    ["a require", 'import { b } from "./b";', 'const a = require("./a");'],
  ])("finds a cycle through %s", (_, a, b) => {
    expect(cyclesOf({ "a.ts": a, "b.ts": b })).toEqual([
      { files: ["a.ts", "b.ts"], cycle: ["a.ts", "b.ts", "a.ts"] },
    ]);
  });

  test("names the shortest cycle of a group and every file in it", () => {
    const cycles = cyclesOf({
      "a.ts": 'import "./b"; import "./c";',
      "b.ts": 'import "./c";',
      "c.ts": 'import "./d";',
      "d.ts": 'import "./a";',
      "x/self.ts": 'import "./self";',
      "x/leaf.ts": 'import "../a";',
    });
    expect(cycles).toEqual([
      { files: ["a.ts", "b.ts", "c.ts", "d.ts"], cycle: ["a.ts", "c.ts", "d.ts", "a.ts"] },
      { files: ["x/self.ts"], cycle: ["x/self.ts", "x/self.ts"] },
    ]);
  });

  test("finds none in a graph without a loop", () => {
    expect(
      cyclesOf({
        "a.ts": 'import "./b"; import "./c"; import "node:fs";',
        "b.ts": 'import "./c";',
        "c.ts": 'import type { X } from "./missing";',
      }),
    ).toEqual([]);
  });
});

test("the repository's TypeScript has no import cycle, type-only imports included", () => {
  const cycles = importCycles(join(ROOT, "tsconfig.json")).map(({ cycle }) => cycle.join(" → "));
  expect(cycles).toEqual([]);
});
