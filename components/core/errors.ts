/**
 * The one error a component throws for arguments it cannot build from, with one message shape:
 * `<Type> <name>: <field> <what is wrong>`, e.g.
 * `CodeWatcher code-watcher: schedule needs watchedFunctions or sweepAllFunctions`.
 * Components export their own subclass (`CodeWatcherArgsError`) so callers can tell them apart.
 */
export class ComponentArgsError extends Error {
  constructor(
    /** The component's type name, e.g. `CodeWatcher`. */
    readonly componentType: string,
    /** The component's resource name. */
    readonly componentName: string,
    /** What is wrong, starting with the field it concerns. */
    readonly problem: string,
  ) {
    super(`${componentType} ${componentName}: ${problem}`);
    this.name = "ComponentArgsError";
  }
}
