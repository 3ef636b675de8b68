import { z } from 'zod';

/** Thrown when start-up configuration is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];
  constructor(problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses `env` against a schema once at start-up (design principle 8). Nothing deeper reads
 * process.env: the parsed value is passed down.
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: Record<string, string | undefined> = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  throw new ConfigError(problems);
}

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || protocols.some((p) => v.startsWith(p)), {
      message: `expected a URL starting with ${protocols.join(' or ')}`,
    })
    .transform((v) => (v === '' ? undefined : v));

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Settings every Strata process shares. Services extend it with their own fields. */
export const platformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: logLevel.default('info'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(63799),
  /** HS256 secret for access tokens; at least 32 characters. A development default is refused in production. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default('strata-development-secret-change-me-0123456789'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  /** `kid:base64(32 bytes)` pairs, comma separated; the first is used to encrypt. */
  ENCRYPTION_KEYS: z
    .string()
    .default('dev1:c3RyYXRhLWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=')
    .refine((v) => v.split(',').every((pair) => /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+$/.test(pair.trim())), {
      message: 'expected comma-separated kid:base64key pairs',
    }),
  REDIS_PREFIX: z.string().min(1).default('strata'),
  RATE_LIMIT_ANON_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** How this process takes part: everything, the HTTP API only, or queue workers only. */
  STRATA_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** Comma-separated services this process runs (default: all). */
  STRATA_SERVICES: z
    .string()
    .optional()
    .transform((v) => {
      const list = v?.split(',').map((s) => s.trim()).filter(Boolean);
      return list && list.length > 0 ? list : undefined;
    }),
  /** Demo data on first start; default on except in production. */
  SEED_DEMO: z.enum(['true', 'false', '']).optional(),
  SANDBOX_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  WEB_DIST: z.string().optional(),
  /** Behind a load balancer: trust X-Forwarded-For so per-IP limits and lockouts see real clients. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  PUBLIC_URL: z.string().optional(),
}).superRefine((cfg, ctx) => {
  if (cfg.NODE_ENV === 'production' && cfg.JWT_SECRET.startsWith('strata-development-secret')) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'the development default must not be used in production' });
  }
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
