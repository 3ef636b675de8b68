import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** One external login provider. `oidc` uses discovery; `github` is plain OAuth2 with GitHub's endpoints. */
export const oauthProviderSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['oidc', 'github']),
  issuer: z.string().url().optional(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.string().default('openid email profile'),
  /** GitHub (Enterprise) web and API roots, e.g. https://ghe.example.com and https://ghe.example.com/api/v3. */
  baseUrl: z.string().url().optional(),
  apiUrl: z.string().url().optional(),
  /** Only for local test/dev providers served over http. */
  allowInsecure: z.boolean().default(false),
});
export type OAuthProviderConfig = z.infer<typeof oauthProviderSchema>;

/**
 * Settings of the auth service, parsed once at start-up next to the platform config.
 * GitHub/Google are enabled by setting their client id and secret; other OIDC issuers through OAUTH_PROVIDERS (JSON).
 */
export const authConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `kid:base64(32 bytes)` pairs; the first encrypts. Separate from ENCRYPTION_KEYS so a leak of one key set does not expose exchange keys. */
  VAULT_KEYS: z.string().default('vdev1:c3RyYXRhLXZhdWx0LWRldi1rZXktMzItYnl0ZXMhISE='),
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:8080'),
  /** Where email links send the user (web app). */
  WEB_URL: z.string().url().default('http://127.0.0.1:5173'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Strata <no-reply@strata.local>'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EMAIL_TOKEN_TTL_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
  RESET_TOKEN_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  /** Added delay per failure after the first (doubling, capped at 2 s): slows guessing before lockout. */
  LOGIN_SLOWDOWN_MS: z.coerce.number().int().min(0).default(200),
  /** scrypt N = 2^SCRYPT_COST (memory 128 * N * 8 bytes: 15 -> 32 MiB). Below 15 only outside production (tests). */
  SCRYPT_COST: z.coerce.number().int().min(10).max(20).default(15),
  REQUIRE_VERIFIED_EMAIL: bool.default(true),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GITHUB_BASE_URL: z.string().url().optional(),
  GITHUB_API_URL: z.string().url().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  OAUTH_PROVIDERS: z
    .string()
    .default('[]')
    .transform((v, ctx) => {
      try {
        return z.array(oauthProviderSchema).parse(JSON.parse(v));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `expected a JSON array of providers: ${(err as Error).message}` });
        return z.NEVER;
      }
    }),
}).superRefine((cfg, ctx) => {
  if (cfg.NODE_ENV === 'production' && cfg.SCRYPT_COST < 15) {
    ctx.addIssue({ code: 'custom', path: ['SCRYPT_COST'], message: 'must be at least 15 in production' });
  }
  if (cfg.NODE_ENV === 'production' && cfg.VAULT_KEYS.includes('c3RyYXRhLXZhdWx0LWRldi1rZXktMzItYnl0ZXMhISE')) {
    ctx.addIssue({ code: 'custom', path: ['VAULT_KEYS'], message: 'the development vault key must not be used in production' });
  }
});

export type AuthConfig = z.infer<typeof authConfigSchema>;

export function oauthProviders(cfg: AuthConfig): OAuthProviderConfig[] {
  const list = [...cfg.OAUTH_PROVIDERS];
  if (cfg.GOOGLE_CLIENT_ID && cfg.GOOGLE_CLIENT_SECRET) {
    list.push({ id: 'google', kind: 'oidc', issuer: 'https://accounts.google.com', clientId: cfg.GOOGLE_CLIENT_ID, clientSecret: cfg.GOOGLE_CLIENT_SECRET, scopes: 'openid email profile', allowInsecure: false });
  }
  if (cfg.GITHUB_CLIENT_ID && cfg.GITHUB_CLIENT_SECRET) {
    list.push({ id: 'github', kind: 'github', clientId: cfg.GITHUB_CLIENT_ID, clientSecret: cfg.GITHUB_CLIENT_SECRET, scopes: 'read:user user:email', baseUrl: cfg.GITHUB_BASE_URL, apiUrl: cfg.GITHUB_API_URL, allowInsecure: false });
  }
  return list;
}
