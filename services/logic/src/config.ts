import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Settings of the logic service, parsed once at start-up (principle 8). */
export const logicConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** `kid:base64(32 bytes)` pairs for strategy source at rest; the first one seals new versions. */
    LOGIC_SOURCE_KEYS: z
      .string()
      .default('logicdev1:c3RyYXRhLWxvZ2ljLXNvdXJjZS1kZXYta2V5LTMyYnk=')
      .refine((v) => v.split(',').every((pair) => /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+$/.test(pair.trim())), { message: 'expected comma-separated kid:base64key pairs' }),
    /** Lets requests ask for generated candles (`dataSource: "synthetic"`): tests and benchmarks only. */
    LOGIC_ALLOW_SYNTHETIC_DATA: bool.default(false),
    LOGIC_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    LOGIC_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    LOGIC_JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(2_000),
    /** BullMQ lock and stalled-check interval: a killed worker's job is picked up again after about this long. */
    LOGIC_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
    LOGIC_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    /** Optimisation trials per child job (one job loads the data once and runs its trials in sequence). */
    LOGIC_TRIALS_PER_JOB: z.coerce.number().int().min(1).max(1000).default(25),
    /** Sandbox worker processes per logic worker process. */
    LOGIC_SANDBOX_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NODE_ENV === 'production' && cfg.LOGIC_SOURCE_KEYS.startsWith('logicdev1:')) {
      ctx.addIssue({ code: 'custom', path: ['LOGIC_SOURCE_KEYS'], message: 'the development key must not be used in production' });
    }
    if (cfg.NODE_ENV === 'production' && cfg.LOGIC_ALLOW_SYNTHETIC_DATA) {
      ctx.addIssue({ code: 'custom', path: ['LOGIC_ALLOW_SYNTHETIC_DATA'], message: 'synthetic data is for tests only' });
    }
  });

export type LogicConfig = z.infer<typeof logicConfigSchema>;
