/**
 * Calls `listener` with the name and input of every command an AWS SDK v3 client sends, before it is
 * sent: how tests and benchmarks count and check exact AWS calls against moto.
 */
export function onCommand(
  client: { middlewareStack: any },
  listener: (command: string, input: Record<string, unknown>) => void,
): void {
  client.middlewareStack.add(
    (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) =>
      (args: { input: object }) => {
        listener(context.commandName ?? "unknown", args.input as Record<string, unknown>);
        return next(args);
      },
    { step: "initialize", name: "onCommand" },
  );
}
