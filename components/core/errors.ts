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

/**
 * The error class of one component type, named `<Type>ArgsError`: each component exports its own,
 * so that a caller can tell whose arguments were wrong, and all of them are `ComponentArgsError`s.
 */
export function componentArgsError(componentType: string) {
  return class extends ComponentArgsError {
    constructor(componentName: string, problem: string) {
      super(componentType, componentName, problem);
      this.name = `${componentType}ArgsError`;
    }
  };
}
