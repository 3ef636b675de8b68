import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** The one place that maps errors to HTTP: user errors say what was wrong; our bugs say nothing internal. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const requestId = String(request.id);
    if (err instanceof AppError) {
      if (err.kind === 'unexpected') request.log.error({ err }, 'unexpected error');
      else if (err.kind === 'operational') request.log.warn({ err }, 'operational error');
      const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details, requestId } };
      return reply.status(err.status).send(body);
    }
    const fe = err as FastifyError;
    const built = (err as { error?: { code?: string; message?: string; details?: unknown } }).error;
    if (typeof fe.statusCode === 'number' && built?.code) {
      return reply.status(fe.statusCode).send({ error: { code: built.code, message: built.message ?? '', details: built.details, requestId } } satisfies ErrorBody);
    }
    if (fe.validation) {
      return reply.status(400).send({
        error: { code: 'VALIDATION_FAILED', message: `Invalid request: ${fe.message}`, details: fe.validation, requestId },
      } satisfies ErrorBody);
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code = fe.statusCode === 429 ? 'RATE_LIMITED' : fe.code?.startsWith('FST_') ? 'BAD_REQUEST' : (fe.code ?? 'BAD_REQUEST');
      return reply.status(fe.statusCode).send({ error: { code, message: fe.message, requestId } } satisfies ErrorBody);
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.', requestId } } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url}.`, requestId: String(request.id) } } satisfies ErrorBody);
  });
}
