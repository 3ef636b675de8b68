import type { FastifyInstance } from 'fastify';
import { NotFoundError, UnauthorizedError } from '@strata/platform';
import type { AuthContext } from '../context.ts';
import type { LoginGuard } from '../domain/login-guard.ts';
import { changePassword, findUserById, inBackground, requestPasswordReset, resendVerification, resetPassword, signUp, verifyCredentials, verifyEmail, type UserRecord } from '../domain/accounts.ts';
import { startSession } from '../domain/sessions.ts';
import { recordAudit } from '../domain/audit.ts';
import { authenticateWith, localStrategy } from '../adapters/passport-local.ts';
import { email, meta, opaqueToken, password, principal, requireSession } from './shared.ts';

const tokenPair = {
  type: 'object',
  properties: { tokenType: { type: 'string' }, accessToken: { type: 'string' }, expiresIn: { type: 'integer' }, refreshToken: { type: 'string' }, sessionId: { type: 'string' } },
} as const;

export function publicUser(u: UserRecord) {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, tier: u.tier, emailVerified: u.emailVerified, hasPassword: u.hasPassword, createdAt: u.createdAt };
}

export async function accountRoutes(app: FastifyInstance, ctx: AuthContext, guard: LoginGuard): Promise<void> {
  app.post<{ Body: { email: string; password: string; displayName?: string } }>('/signup', {
    schema: { body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email, password, displayName: { type: 'string', maxLength: 100 } } } },
  }, async (request, reply) => {
    await signUp(ctx, request.body, meta(request));
    return reply.status(202).send({ status: 'verification_sent', message: 'If the address can be used, a verification link is on its way.' });
  });

  app.post<{ Body: { token: string } }>('/verify-email', {
    schema: { body: { type: 'object', required: ['token'], properties: { token: opaqueToken } } },
  }, async (request, reply) => {
    await verifyEmail(ctx, request.body.token, meta(request));
    return reply.status(204).send();
  });

  app.post<{ Body: { email: string } }>('/verify-email/resend', {
    schema: { body: { type: 'object', required: ['email'], properties: { email } } },
  }, async (request, reply) => {
    inBackground(ctx, 'resend verification', () => resendVerification(ctx, request.body.email));
    return reply.status(202).send({ status: 'accepted' });
  });

  app.post<{ Body: { email: string; password: string } }>('/login', {
    schema: { body: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 256 } } }, response: { 200: tokenPair } },
  }, async (request) => {
    const m = meta(request);
    // passport-local extracts the fields and calls verify; the verify closure is per request for the request metadata.
    const perRequest = localStrategy<UserRecord>((e, p) => verifyCredentials(ctx, guard, e, p, m));
    const user = await authenticateWith<UserRecord>(perRequest, { body: request.body });
    if (!user) throw new UnauthorizedError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    const pair = await startSession(ctx, user, 'password', m);
    await recordAudit(ctx.db, user.id, 'login', m, { sessionId: pair.sessionId, method: 'password' });
    return pair;
  });

  app.post<{ Body: { email: string } }>('/password/forgot', {
    schema: { body: { type: 'object', required: ['email'], properties: { email } } },
  }, async (request, reply) => {
    const m = meta(request);
    inBackground(ctx, 'password reset request', () => requestPasswordReset(ctx, request.body.email, m));
    return reply.status(202).send({ status: 'accepted', message: 'If an account uses this address, a reset link is on its way.' });
  });

  app.post<{ Body: { token: string; password: string } }>('/password/reset', {
    schema: { body: { type: 'object', required: ['token', 'password'], properties: { token: opaqueToken, password } } },
  }, async (request, reply) => {
    await resetPassword(ctx, guard, request.body.token, request.body.password, meta(request));
    return reply.status(204).send();
  });

  app.post<{ Body: { currentPassword: string; newPassword: string } }>('/password/change', {
    preHandler: requireSession(app),
    schema: { body: { type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string', maxLength: 256 }, newPassword: password } } },
  }, async (request, reply) => {
    const p = principal(request);
    await changePassword(ctx, p.userId, p.credentialId, request.body.currentPassword, request.body.newPassword, meta(request));
    return reply.status(204).send();
  });

  // Answered from the verified token alone (no database): the cheap authenticated GET the gateway is benchmarked on.
  app.get('/me', { preHandler: app.requireAuth() }, async (request) => {
    const p = principal(request);
    return { userId: p.userId, role: p.role, tier: p.tier, scopes: p.scopes, via: p.via };
  });

  app.get('/account', { preHandler: app.requireAuth('read') }, async (request) => {
    const user = await findUserById(ctx, principal(request).userId);
    if (!user) throw new NotFoundError('User');
    return publicUser(user);
  });

  app.get('/quotas', { preHandler: app.requireAuth() }, async (request) => {
    const p = principal(request);
    return { tier: p.tier, limits: ctx.quotas.limitsFor(p.tier), usage: await ctx.quotas.usage(p) };
  });
}
