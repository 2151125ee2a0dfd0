/**
 * The `logger` of every SDK client under test: silent, as the SDK's default logger is, except that
 * the default still writes one note to `console` when a request with a streamed body fails ("not
 * retried"). Tests break such uploads on purpose (a checksum mismatch, injected faults) and assert
 * the error themselves; the handlers retry the whole step. A client with a logger also records every
 * request at `info` and every failure at `error`, which this one drops as well.
 */
const silent = () => undefined;

export const sdkTestLogger = {
  trace: silent,
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
};
