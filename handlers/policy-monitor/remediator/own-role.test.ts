import { roleNameFromCallerArn } from "./own-role";

describe("roleNameFromCallerArn", () => {
  test.each<[string | undefined, string]>([
    [
      "arn:aws:sts::123456789012:assumed-role/opsguard-remediator-role/opsguard-remediator",
      "opsguard-remediator-role",
    ],
    ["arn:aws-us-gov:sts::123456789012:assumed-role/remediator/1700000000000", "remediator"],
    ["arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice"],
    [
      "arn:aws:sts::123456789012:assumed-role/no-session",
      "arn:aws:sts::123456789012:assumed-role/no-session",
    ],
    [undefined, ""],
  ])("%s → %j", (callerArn, roleName) => {
    expect(roleNameFromCallerArn(callerArn)).toBe(roleName);
  });
});
