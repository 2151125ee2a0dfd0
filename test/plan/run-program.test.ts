import { runProgram } from "../../tools/mock-runtime/run-program";

describe("runProgram", () => {
  test("reports every resource, including those registered late inside apply callbacks", async () => {
    const run = await runProgram({
      program: () => import("../fixtures/programs/late-registrations/index"),
      config: { "aws:region": "eu-west-1" },
    });

    const names = run.resources.map((resource) => `${resource.type} ${resource.name}`).sort();
    // 4 top-level topics + 3 × (component + topic + queue)
    expect(names).toHaveLength(13);
    expect(names).toEqual(
      [
        "aws:sns/topic:Topic first",
        "aws:sns/topic:Topic second",
        "aws:sns/topic:Topic third",
        "aws:sns/topic:Topic fourth",
        ...[0, 1, 2].flatMap((i) => [
          `opsguard:test:Nested nested-${i}`,
          `aws:sns/topic:Topic nested-${i}-topic`,
          `aws:sqs/queue:Queue nested-${i}-queue`,
        ]),
      ].sort(),
    );
    const queue = run.resources.find((resource) => resource.name === "nested-1-queue")!;
    const component = run.resources.find((resource) => resource.name === "nested-1")!;
    expect(queue.parent).toBe(component.urn);
    expect(queue.inputs.tags).toEqual({
      topic: expect.stringMatching(/^arn:aws:sns:eu-west-1:123456789012:nested-1-topic-/),
    });
    expect(component.parent).toBeUndefined();
    expect(run.outputs.firstArn).toMatch(/^arn:aws:sns:eu-west-1:123456789012:first-[0-9a-f]{7}$/);
  });
});
