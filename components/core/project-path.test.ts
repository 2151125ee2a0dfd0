import * as pulumi from "@pulumi/pulumi";
import { projectDirectory, resolveProjectPath } from "./project-path";

describe("resolveProjectPath", () => {
  afterEach(() => jest.restoreAllMocks());

  test("under the Pulumi CLI, a relative path is read from the folder of Pulumi.yaml", () => {
    jest.spyOn(pulumi.runtime, "getRootDirectory").mockReturnValue("/home/me/infra");
    jest.spyOn(process, "cwd").mockReturnValue("/home/me/infra/program");

    expect(projectDirectory()).toBe("/home/me/infra");
    expect(resolveProjectPath("rules/team.yaml")).toBe("/home/me/infra/rules/team.yaml");
  });

  test("without it (the mock runtime's placeholder), the working directory stands in", () => {
    jest.spyOn(pulumi.runtime, "getRootDirectory").mockReturnValue("rootDirectory");
    jest.spyOn(process, "cwd").mockReturnValue("/work/project");

    expect(resolveProjectPath("rules/team.yaml")).toBe("/work/project/rules/team.yaml");
  });

  test("an absolute path is taken as given", () => {
    jest.spyOn(pulumi.runtime, "getRootDirectory").mockReturnValue("/home/me/infra");

    expect(resolveProjectPath("/etc/opsguard/rules.yaml")).toBe("/etc/opsguard/rules.yaml");
  });
});
