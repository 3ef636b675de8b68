import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, UnauthorizedError } from '@strata/platform';
import { newOpaqueToken, sha256 } from '../domain/secret-tokens.ts';
import type { AuthContext } from '../context.ts';
import { oauthProviders } from '../config.ts';
import { OAuthClient } from '../adapters/oauth-client.ts';
import { beginOAuth, completeOAuth } from '../domain/oauth-login.ts';
import { startSession } from '../domain/sessions.ts';
import { recordAudit } from '../domain/audit.ts';
import { meta } from './shared.ts';

const COOKIE = 'strata_oauth_state';
const EXCHANGE_TTL_SECONDS = 60;

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    // The state is base64url, so no decoding is needed; anything else simply fails the comparison.
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** `routePrefix` is where the plugin is mounted (`/api/v1/auth`), needed to build absolute redirect URIs. */
export async function oauthRoutes(app: FastifyInstance, ctx: AuthContext, routePrefix: string): Promise<void> {
  const clients = new Map<string, OAuthClient>();
  const exchangeKey = (code: string) => `${ctx.prefix}auth:oauth-code:${sha256(code).toString('hex')}`;
  for (const p of oauthProviders(ctx.config)) {
    clients.set(p.id, new OAuthClient(p, new URL(`${routePrefix}/oauth/${p.id}/callback`, ctx.config.PUBLIC_URL).toString()));
  }
  const secure = ctx.config.PUBLIC_URL.startsWith('https:');
  const clientFor = (id: string) => {
    const c = clients.get(id);
    if (!c) throw new NotFoundError(`Sign-in provider "${id}"`);
    return c;
  };
  const params = { type: 'object', required: ['provider'], properties: { provider: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } } } as const;

  app.get('/oauth/providers', async () => ({ providers: [...clients.keys()] }));

  app.get<{ Params: { provider: string } }>('/oauth/:provider/start', { schema: { params } }, async (request, reply) => {
    const { url, state } = await beginOAuth(ctx, clientFor(request.params.provider));
    // Binds the flow to this browser: a callback carrying someone else's state is refused (login CSRF).
    reply.header('set-cookie', `${COOKIE}=${state}; Path=${routePrefix}/oauth; Max-Age=600; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
    return reply.redirect(url.toString(), 302);
  });

  app.get<{ Params: { provider: string } }>('/oauth/:provider/callback', { schema: { params } }, async (request, reply) => {
    const m = meta(request);
    const currentUrl = new URL(request.url, ctx.config.PUBLIC_URL);
    const user = await completeOAuth(ctx, clientFor(request.params.provider), currentUrl, readCookie(request, COOKIE), m);
    const pair = await startSession(ctx, user, `oauth:${request.params.provider}`, m);
    await recordAudit(ctx.db, user.id, 'login', m, { sessionId: pair.sessionId, method: `oauth:${request.params.provider}` });
    reply.header('set-cookie', `${COOKIE}=; Path=${routePrefix}/oauth; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
    if (String(request.headers.accept ?? '').includes('application/json')) return pair;
    // Browsers go back to the web app with a one-time code (never the tokens themselves in a URL).
    const code = newOpaqueToken();
    await ctx.redis.set(exchangeKey(code), JSON.stringify(pair), 'EX', EXCHANGE_TTL_SECONDS);
    const target = new URL('/oauth/complete', ctx.config.WEB_URL);
    target.searchParams.set('code', code);
    return reply.redirect(target.toString(), 302);
  });

  app.post<{ Body: { code: string } }>('/oauth/exchange', {
    schema: { body: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 20, maxLength: 100 } } } },
  }, async (request) => {
    const raw = await ctx.redis.getdel(exchangeKey(request.body.code));
    if (!raw) throw new UnauthorizedError('OAUTH_CODE_INVALID', 'The sign-in code is invalid, expired or already used. Sign in again.');
    return JSON.parse(raw) as unknown;
  });
}
