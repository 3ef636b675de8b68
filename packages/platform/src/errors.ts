/**
 * Errors classed by who must act (design principle 9):
 * - user: bad input or a strategy bug; shown to the author, never a 500.
 * - operational: transient infrastructure trouble; jobs retry it.
 * - unexpected: our bug; logged with context, shown as a generic 500.
 * Every error carries a stable `code` that clients may switch on.
 */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly status: number;
  readonly details?: unknown;

  constructor(kind: ErrorKind, status: number, code: string, message: string, details?: unknown, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class UserError extends AppError {
  constructor(code: string, message: string, details?: unknown, status = 400) {
    super('user', status, code, message, details);
  }
}

export class ValidationError extends UserError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code = 'UNAUTHORIZED', message = 'Authentication is required: send a valid access token or API key.') {
    super('user', 401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'FORBIDDEN', message = 'You are not allowed to do this.') {
    super('user', 403, code, message);
  }
}

/** Also used for resources that exist but belong to someone else, so ids reveal nothing. */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super('user', 404, 'NOT_FOUND', `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super('user', 409, code, message, details);
  }
}

export class QuotaExceededError extends AppError {
  constructor(quota: string, limit: number, message?: string) {
    super('user', 429, 'QUOTA_EXCEEDED', message ?? `Quota "${quota}" exceeded: the limit for your tier is ${limit}.`, { quota, limit });
  }
}

export class OperationalError extends AppError {
  constructor(code: string, message: string, cause?: unknown) {
    super('operational', 503, code, message, undefined, cause);
  }
}

export class UnexpectedError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('unexpected', 500, 'INTERNAL', message, undefined, cause);
  }
}

/** Wraps anything thrown into an AppError, keeping the original as the cause. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UnexpectedError(message, err);
}
