import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, platformConfigSchema } from './config.ts';

describe('loadConfig', () => {
  it('fills defaults when nothing is set', () => {
    const cfg = loadConfig(platformConfigSchema, {});
    expect(cfg.PORT).toBe(8080);
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(platformConfigSchema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const names = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(names).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect((caught as Error).message).toContain('PORT');
    expect((caught as Error).message).toContain('expected a URL starting with postgres://');
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig(platformConfigSchema, { NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('treats an empty URL as unset', () => {
    expect(loadConfig(platformConfigSchema, { REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
