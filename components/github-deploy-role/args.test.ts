import {
  GithubDeployRoleArgsError,
  validateGithubDeployRoleArgs,
  type GithubDeployRoleArgs,
} from "./args";

const baseline: GithubDeployRoleArgs = {
  repository: "o/r",
  branches: ["main"],
  environments: ["prod"],
};

describe("validateGithubDeployRoleArgs", () => {
  test.each([
    ["the baseline", {}],
    ["the default branch alone", { branches: undefined, environments: undefined }],
  ] as [string, Partial<GithubDeployRoleArgs>][])("%s is valid", (_, change) => {
    expect(() => validateGithubDeployRoleArgs("ci", { ...baseline, ...change })).not.toThrow();
  });

  test.each([
    [{ repository: "o/*" }, 'GithubDeployRole ci: repository must be "owner/name", got "o/*"'],
    [
      { branches: ["*"] },
      'GithubDeployRole ci: branch or environment "*" must not hold wildcards or spaces',
    ],
    [
      { environments: ["prod*"] },
      'GithubDeployRole ci: branch or environment "prod*" must not hold wildcards or spaces',
    ],
    [
      { branches: [], environments: [] },
      "GithubDeployRole ci: at least one branch or environment must be trusted",
    ],
  ] as [Partial<GithubDeployRoleArgs>, string][])("%j is refused", (change, message) => {
    const validate = () => validateGithubDeployRoleArgs("ci", { ...baseline, ...change });

    expect(validate).toThrow(GithubDeployRoleArgsError);
    expect(validate).toThrow(new Error(message));
  });
});
