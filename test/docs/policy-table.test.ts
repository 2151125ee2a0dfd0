import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { policies } from "../../policy-pack/policies";
import { policyTable, typeName } from "../../tools/policy-table";

const ROOT = join(__dirname, "..", "..");

// Prettier 3 cannot load inside Jest's module sandbox: the check runs as the tool, in a process.
test("README.md's policy table is the one the policies' metadata gives", () => {
  const run = spawnSync(
    join(ROOT, "node_modules", ".bin", "tsx"),
    [join(ROOT, "tools", "policy-table.ts"), "--check"],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
}, 60_000);

test("the table has one row per policy, with its types, level and matches", () => {
  const rows = policyTable().split("\n").slice(2);
  expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)![1])).toEqual(policies.map((p) => p.name));
  expect(rows.find((row) => row.startsWith("| `enforce-lb-https-listeners`"))).toContain(
    "`aws.lb.Listener`, `aws.alb.Listener`, `aws.elb.LoadBalancer` | Load balancer listeners use HTTPS/TLS with a TLS 1.2+ security policy, or redirect HTTP to HTTPS. | mandatory | high | compliance-policies `aws-alb-listener-disallow-unencrypted-traffic`",
  );
  expect(typeName("aws:lb/loadBalancer:LoadBalancer")).toBe("aws.lb.LoadBalancer");
});
