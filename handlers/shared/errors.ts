/** The event that invoked a handler is not one it takes; the message names the field. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEventError";
  }
}
