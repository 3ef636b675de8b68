/**
 * Why an embedded server could not start. `code` is stable (PORT_IN_USE, REDIS_NOT_INSTALLED,
 * REDIS_INSTALL_FAILED, POSTGRES_USER_FAILED, DATA_DIR_UNREACHABLE, DATA_DIR_INVALID,
 * DATA_DIR_IN_USE, SERVER_START_FAILED, SERVER_START_TIMEOUT); `message` is one line a newcomer can
 * act on, so a launcher may print it alone and exit.
 */
export class EmbeddedServerError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedServerError';
    this.code = code;
  }
}
