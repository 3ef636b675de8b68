import type { Redis } from 'ioredis';
import { AppError } from '@strata/platform';
import { sha256 } from './secret-tokens.ts';

export class LoginLockedError extends AppError {
  constructor(retryAfterSeconds: number) {
    // Same message whether or not the account exists: the lock is keyed by the submitted email, not by a user row.
    super('user', 429, 'LOGIN_LOCKED', 'Too many failed sign-in attempts. Try again later or reset your password.', { retryAfterSeconds });
  }
}

export interface LoginGuardOptions {
  prefix: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  lockoutSeconds: number;
  slowdownMs: number;
}

/**
 * Brute-force protection in Redis (shared by every gateway instance): failures are counted per submitted
 * email and per IP within the lockout window; each failure adds a growing delay, and reaching the limit locks
 * that email (or IP) for `lockoutSeconds`. A successful login clears the email's counter, not the IP's.
 */
export class LoginGuard {
  private readonly redis: Redis;
  private readonly opts: LoginGuardOptions;

  constructor(redis: Redis, opts: LoginGuardOptions) {
    this.redis = redis;
    this.opts = opts;
  }

  private keys(email: string, ip: string) {
    const acct = sha256(email.trim().toLowerCase()).toString('hex').slice(0, 32);
    const p = `${this.opts.prefix}auth:login:`;
    return { acctFail: `${p}fail:a:${acct}`, ipFail: `${p}fail:ip:${ip}`, acctLock: `${p}lock:a:${acct}`, ipLock: `${p}lock:ip:${ip}` };
  }

  /** Throws LoginLockedError when locked; otherwise waits the slowdown owed for earlier failures. */
  async beforeAttempt(email: string, ip: string): Promise<void> {
    const k = this.keys(email, ip);
    const [acctLockTtl, ipLockTtl, acctFails] = await Promise.all([this.redis.ttl(k.acctLock), this.redis.ttl(k.ipLock), this.redis.get(k.acctFail)]);
    const locked = Math.max(acctLockTtl, ipLockTtl);
    if (locked > 0) throw new LoginLockedError(locked);
    const n = Number(acctFails ?? 0);
    if (n > 0 && this.opts.slowdownMs > 0) {
      await new Promise((r) => setTimeout(r, Math.min(this.opts.slowdownMs * 2 ** (n - 1), 2_000)));
    }
  }

  /** Records a failure; returns which locks it just triggered. */
  async recordFailure(email: string, ip: string): Promise<{ accountLocked: boolean; ipLocked: boolean }> {
    const k = this.keys(email, ip);
    const window = this.opts.lockoutSeconds;
    const res = await this.redis.multi().incr(k.acctFail).expire(k.acctFail, window, 'NX').incr(k.ipFail).expire(k.ipFail, window, 'NX').exec();
    const acct = Number(res?.[0]?.[1] ?? 0);
    const ipN = Number(res?.[2]?.[1] ?? 0);
    const accountLocked = acct >= this.opts.maxFailuresPerAccount;
    const ipLocked = ipN >= this.opts.maxFailuresPerIp;
    const m = this.redis.multi();
    if (accountLocked) m.set(k.acctLock, '1', 'EX', window).del(k.acctFail);
    if (ipLocked) m.set(k.ipLock, '1', 'EX', window).del(k.ipFail);
    if (accountLocked || ipLocked) await m.exec();
    return { accountLocked, ipLocked };
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip).acctFail);
  }

  /** A password reset proves mailbox ownership, so it lifts the account lock. */
  async clearAccount(email: string): Promise<void> {
    const k = this.keys(email, '-');
    await this.redis.del(k.acctFail, k.acctLock);
  }
}
