import { CodeWatcherArgsError, validateCodeWatcherArgs, type CodeWatcherArgs } from "./args";

const baseline: CodeWatcherArgs = { watchedFunctions: ["orders-api"], schedule: "rate(1 day)" };

describe("validateCodeWatcherArgs", () => {
  test("the baseline is valid", () => {
    expect(() => validateCodeWatcherArgs("code-watcher", baseline)).not.toThrow();
  });

  test.each([
    [
      { sweepAllFunctions: true },
      "CodeWatcher code-watcher: sweepAllFunctions and watchedFunctions exclude each other",
    ],
    [
      { watchedFunctions: undefined },
      "CodeWatcher code-watcher: schedule needs watchedFunctions or sweepAllFunctions",
    ],
  ] as [Partial<CodeWatcherArgs>, string][])("%j is refused", (change, message) => {
    const validate = () => validateCodeWatcherArgs("code-watcher", { ...baseline, ...change });

    expect(validate).toThrow(CodeWatcherArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
