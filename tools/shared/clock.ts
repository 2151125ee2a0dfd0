/**
 * Runs the process at another clock: `new Date()` and `Date.now()` start at the chosen instant and
 * tick on from there, so a handler judges ages, ages of objects and its own deadlines as if it ran
 * then. Only for local endpoints: AWS refuses requests signed at another time.
 */
export function setClock(now: Date): () => void {
  if (Number.isNaN(now.getTime())) throw new RangeError("setClock: the instant is not a date");
  const RealDate = Date;
  const offset = now.getTime() - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
