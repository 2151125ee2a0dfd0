import { ComponentArgsError, componentArgsError } from "./errors";

describe("component argument errors", () => {
  const WidgetArgsError = componentArgsError("Widget");

  test("say the type, the name and the problem, and are ComponentArgsErrors", () => {
    const error = new WidgetArgsError("my-widget", "size must be positive, got -1");
    expect(error.message).toBe("Widget my-widget: size must be positive, got -1");
    expect(error.name).toBe("WidgetArgsError");
    expect(error).toBeInstanceOf(WidgetArgsError);
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect([error.componentType, error.componentName, error.problem]).toEqual([
      "Widget",
      "my-widget",
      "size must be positive, got -1",
    ]);
  });

  test("one component's class does not catch another's errors", () => {
    const GadgetArgsError = componentArgsError("Gadget");
    expect(new GadgetArgsError("g", "x")).not.toBeInstanceOf(WidgetArgsError);
  });
});
