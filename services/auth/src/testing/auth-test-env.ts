import { createTestEnv, type TestEnv } from '@strata/platform/testing';
import { authConfigSchema, type AuthConfig } from '../config.ts';
import { createAuthModule } from '../index.ts';
import type { AuthContext } from '../context.ts';
import { createSmtpMailer } from '../adapters/mail.ts';
import { SmtpMailbox, tokenIn } from './smtp-mailbox.ts';

export interface AuthTestEnv {
  env: TestEnv;
  module: ReturnType<typeof createAuthModule>;
  mailbox: SmtpMailbox;
  ctx: AuthContext;
  /** Signs up, verifies through the real mail, logs in; returns ids and tokens. */
  user(email?: string, password?: string): Promise<TestUser>;
  login(email: string, password: string, ip?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface TestUser { id: string; email: string; password: string; accessToken: string; refreshToken: string; sessionId: string; auth: { authorization: string } }

let seq = 0;

/** The real gateway with the auth module, a fresh database, its own Redis prefix and a local SMTP server. */
export async function createAuthTestEnv(overrides: Partial<Record<string, string>> = {}, platformEnv: Record<string, string> = {}, extra?: (cfg: AuthConfig) => AuthConfig): Promise<AuthTestEnv> {
  const mailbox = await new SmtpMailbox().start();
  let config = authConfigSchema.parse({ NODE_ENV: 'test', SMTP_URL: mailbox.url, LOGIN_SLOWDOWN_MS: '0', SCRYPT_COST: '12', ...overrides });
  if (extra) config = extra(config);
  const module = createAuthModule({ config, mail: createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) });
  const env = await createTestEnv({ modules: [module], env: platformEnv });
  const ctx = module.context();

  const login = async (email: string, password: string, ip = '127.0.0.1') => {
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
    return { status: res.statusCode, body: res.json() };
  };

  return {
    env, module, mailbox, ctx, login,
    async user(email = `user${++seq}-${Date.now()}@example.test`, password = 'correct horse battery staple') {
      const since = mailbox.messages.length;
      const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password } });
      if (res.statusCode !== 202) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
      const mail = await mailbox.waitFor(email, 'Verify', since);
      const v = await env.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: tokenIn(mail, 'verification token') } });
      if (v.statusCode !== 204) throw new Error(`verify failed: ${v.statusCode} ${v.body}`);
      const l = await login(email, password);
      if (l.status !== 200) throw new Error(`login failed: ${l.status} ${JSON.stringify(l.body)}`);
      const { rows } = await env.deps.db.query('SELECT id FROM auth.users WHERE email = $1', [email]);
      return { id: rows[0].id, email, password, ...l.body, auth: { authorization: `Bearer ${l.body.accessToken}` } };
    },
    async close() {
      await env.close();
      ctx.mail.close?.();
      await mailbox.close();
    },
  };
}
