/**
 * A database server started by this process. It stops when `stop()` is awaited, and also, without
 * any help from this process, when this process exits or is killed (see watchdog.ts).
 */
export interface EmbeddedServer {
  /** Connection URL for clients (`postgres://…/strata`, `redis://127.0.0.1:<port>`). */
  readonly url: string;
  /** pid of the server process (for diagnostics and tests). */
  readonly pid: number;
  /** pid of the watchdog tethering the server to this process. */
  readonly watchdogPid: number;
  /** Where the server's own log is appended. */
  readonly logFile: string;
  /** Resolves when the server has stopped, whether asked to or not. */
  readonly exited: Promise<void>;
  /** Graceful stop (data flushed); resolves when the server and its watchdog are gone. Idempotent. */
  stop(): Promise<void>;
}
