/** An API failure with a stable code the UI maps to an error state. */
export class ApiError extends Error {
  readonly code: string;
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly details?: unknown;
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Codes the client itself produces (the server's codes pass through unchanged). */
export const CLIENT_CODES = {
  unreachable: 'SERVER_UNREACHABLE',
  sessionExpired: 'SESSION_EXPIRED',
  badResponse: 'BAD_RESPONSE',
} as const;

/** A sentence an author can act on, for any ApiError. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.code === CLIENT_CODES.unreachable) return 'The Strata server cannot be reached. Check your connection; we will keep your unsaved code.';
  if (err.code === CLIENT_CODES.sessionExpired) return 'Your session has expired. Please log in again.';
  if (err.status === 429) return `Quota exceeded: ${err.message}. Upgrade your tier or wait for the quota to reset.`;
  if (err.status >= 500) return `The server failed (${err.code}): ${err.message}`;
  return err.message;
}
