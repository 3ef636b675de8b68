import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; the request id travels in `reqId` (HTTP) and `requestId` (jobs). */
export function createLogger(level = 'info', bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { pid: process.pid, ...bindings }, timestamp: pino.stdTimeFunctions.isoTime });
}
