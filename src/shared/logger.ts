/**
 * The logging port every layer writes to. Main wires it to the rotating file logger
 * (services/logging/file-logger.ts); headless uses (tests, `ask`) pass their own or none.
 */
export interface Logger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

/** For callers that were given no logger. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
