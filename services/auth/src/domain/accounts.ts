import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, UserError } from '@strata/platform';
import type { AuthContext, RequestMeta } from '../context.ts';
import { burnPasswordCheck, hashPassword, needsRehash, scryptParamsFor, verifyPassword } from './password.ts';
import { newOpaqueToken, sha256 } from './secret-tokens.ts';
import { recordAudit } from './audit.ts';
import { revokeAllSessions, type SessionUser } from './sessions.ts';
import type { LoginGuard } from './login-guard.ts';

export interface UserRecord extends SessionUser {
  email: string;
  displayName: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  createdAt: string;
}

const USER_COLUMNS = 'id, email, display_name, role, tier, email_verified_at, password_hash, created_at';

function toUser(r: Record<string, any>): UserRecord {
  return {
    id: r.id, email: r.email, displayName: r.display_name, role: r.role, tier: r.tier,
    emailVerified: r.email_verified_at !== null, hasPassword: r.password_hash !== null, createdAt: r.created_at.toISOString(),
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(ctx: AuthContext, id: string): Promise<UserRecord | null> {
  const { rows } = await ctx.db.query(`SELECT ${USER_COLUMNS} FROM auth.users WHERE id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserByEmail(ctx: AuthContext, email: string): Promise<(UserRecord & { passwordHash: string | null }) | null> {
  const { rows } = await ctx.db.query(`SELECT ${USER_COLUMNS} FROM auth.users WHERE lower(email) = $1`, [normaliseEmail(email)]);
  return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
}

type Purpose = 'verify_email' | 'reset_password';

async function issueOneTimeToken(ctx: AuthContext, userId: string, purpose: Purpose, ttlMinutes: number): Promise<string> {
  const token = newOpaqueToken();
  // Only the newest token of a purpose stays valid.
  await ctx.db.query('UPDATE auth.one_time_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [userId, purpose]);
  await ctx.db.query(
    `INSERT INTO auth.one_time_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
    [sha256(token), userId, purpose, ttlMinutes],
  );
  return token;
}

/** Marks the token used and returns its user, or throws TOKEN_INVALID for unknown, used, expired or wrong-purpose tokens alike. */
async function consumeOneTimeToken(ctx: AuthContext, token: string, purpose: Purpose): Promise<string> {
  const { rows } = await ctx.db.query(
    `UPDATE auth.one_time_tokens SET used_at = now()
      WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
    [sha256(token), purpose],
  );
  if (!rows[0]) throw new UserError('TOKEN_INVALID', 'The link is invalid, already used or expired. Request a new one.');
  return rows[0].user_id;
}

const MAILS_PER_ADDRESS_PER_HOUR = 5;

// Caps account mails per address so the endpoints cannot be used to flood someone's inbox.
async function mayMail(ctx: AuthContext, to: string): Promise<boolean> {
  const key = `${ctx.prefix}auth:mail:${sha256(to).toString('hex').slice(0, 32)}`;
  const [[, n]] = (await ctx.redis.multi().incr(key).expire(key, 3600, 'NX').exec()) as [[unknown, number]];
  return n <= MAILS_PER_ADDRESS_PER_HOUR;
}

async function sendMail(ctx: AuthContext, to: string, subject: string, text: string): Promise<void> {
  if (!(await mayMail(ctx, to))) {
    ctx.log.warn({ subject }, 'account mail throttled for this address');
    return;
  }
  await ctx.mail.send({ to, subject, text });
}

/**
 * Runs the part of a request whose duration would reveal whether an account exists (token rows, mail) after
 * the response is sent, so a registered and an unknown address answer in the same time. Failures are logged.
 */
export function inBackground(ctx: AuthContext, what: string, work: () => Promise<void>): void {
  work().catch((err: unknown) => ctx.log.error({ err, what }, 'background account work failed'));
}

/**
 * Registers an account and mails a verification link. The answer is the same whether or not the email is
 * already registered (the owner of an existing account gets a notice instead), so sign-up reveals nothing.
 */
export async function signUp(ctx: AuthContext, input: { email: string; password: string; displayName?: string }, meta: RequestMeta): Promise<void> {
  const email = normaliseEmail(input.email);
  const hash = await hashPassword(input.password, scryptParamsFor(ctx.config.SCRYPT_COST));
  const { rows } = await ctx.db.query(
    `INSERT INTO auth.users (email, password_hash, display_name, password_changed_at) VALUES ($1, $2, $3, now())
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
    [email, hash, input.displayName ?? null],
  );
  const userId: string | undefined = rows[0]?.id;
  inBackground(ctx, 'signup mail', async () => {
    if (userId) {
      await recordAudit(ctx.db, userId, 'signup', meta);
      const token = await issueOneTimeToken(ctx, userId, 'verify_email', ctx.config.EMAIL_TOKEN_TTL_MINUTES);
      await sendMail(ctx, email, 'Verify your Strata email address',
        `Confirm your address: ${ctx.config.WEB_URL}/verify-email?token=${token}\n\nverification token: ${token}\n`);
    } else {
      await sendMail(ctx, email, 'Sign-up attempt on your Strata account',
        `Someone tried to create a Strata account with this address, which already has one. If it was you, sign in or reset your password at ${ctx.config.WEB_URL}/forgot-password.\n`);
    }
  });
}

export async function verifyEmail(ctx: AuthContext, token: string, meta: RequestMeta): Promise<void> {
  const userId = await consumeOneTimeToken(ctx, token, 'verify_email');
  await ctx.db.query('UPDATE auth.users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1', [userId]);
  await recordAudit(ctx.db, userId, 'email_verified', meta);
}

export async function resendVerification(ctx: AuthContext, email: string): Promise<void> {
  const user = await findUserByEmail(ctx, email);
  if (!user || user.emailVerified) return;
  const token = await issueOneTimeToken(ctx, user.id, 'verify_email', ctx.config.EMAIL_TOKEN_TTL_MINUTES);
  await sendMail(ctx, user.email, 'Verify your Strata email address', `Confirm your address: ${ctx.config.WEB_URL}/verify-email?token=${token}\n\nverification token: ${token}\n`);
}

/**
 * Checks a password login. Unknown email, no password set and wrong password all fail the same way
 * (INVALID_CREDENTIALS) after the same scrypt work; lockout and slowdown apply per email and per IP.
 */
export async function verifyCredentials(ctx: AuthContext, guard: LoginGuard, email: string, password: string, meta: RequestMeta): Promise<UserRecord> {
  const ip = meta.ip ?? 'unknown';
  try {
    await guard.beforeAttempt(email, ip);
  } catch (err) {
    await recordAudit(ctx.db, null, 'login_locked', meta, { email: normaliseEmail(email) });
    throw err;
  }
  const user = await findUserByEmail(ctx, email);
  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password, scryptParamsFor(ctx.config.SCRYPT_COST));
  if (!user || !ok) {
    const locks = await guard.recordFailure(email, ip);
    await recordAudit(ctx.db, user?.id ?? null, 'login_failed', meta, user ? {} : { email: normaliseEmail(email) });
    if (locks.accountLocked || locks.ipLocked) await recordAudit(ctx.db, user?.id ?? null, 'lockout', meta, { account: locks.accountLocked, ip: locks.ipLocked });
    throw new UnauthorizedError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
  }
  await guard.recordSuccess(email, ip);
  if (ctx.config.REQUIRE_VERIFIED_EMAIL && !user.emailVerified) {
    throw new ForbiddenError('EMAIL_NOT_VERIFIED', 'Verify your email address first: follow the link we sent you (or request a new one).');
  }
  if (needsRehash(user.passwordHash!, scryptParamsFor(ctx.config.SCRYPT_COST))) {
    await ctx.db.query('UPDATE auth.users SET password_hash = $2 WHERE id = $1', [user.id, await hashPassword(password, scryptParamsFor(ctx.config.SCRYPT_COST))]);
  }
  const { passwordHash: _ignored, ...rest } = user;
  return rest;
}

export async function requestPasswordReset(ctx: AuthContext, email: string, meta: RequestMeta): Promise<void> {
  const user = await findUserByEmail(ctx, email);
  if (!user) return;
  const token = await issueOneTimeToken(ctx, user.id, 'reset_password', ctx.config.RESET_TOKEN_TTL_MINUTES);
  await recordAudit(ctx.db, user.id, 'password_reset_requested', meta);
  await sendMail(ctx, user.email, 'Reset your Strata password',
    `Choose a new password: ${ctx.config.WEB_URL}/reset-password?token=${token}\n\nreset token: ${token}\nThe link expires in ${ctx.config.RESET_TOKEN_TTL_MINUTES} minutes. If you did not ask for it, ignore this mail.\n`);
}

/** Sets a new password from a reset token; proves mailbox ownership, so also verifies the email and lifts the lock. */
export async function resetPassword(ctx: AuthContext, guard: LoginGuard, token: string, password: string, meta: RequestMeta): Promise<void> {
  const hash = await hashPassword(password, scryptParamsFor(ctx.config.SCRYPT_COST));
  const userId = await consumeOneTimeToken(ctx, token, 'reset_password');
  const { rows } = await ctx.db.query(
    `UPDATE auth.users SET password_hash = $2, password_changed_at = now(), email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
      WHERE id = $1 RETURNING email`,
    [userId, hash],
  );
  const revoked = await revokeAllSessions(ctx, userId, 'password_reset');
  await guard.clearAccount(rows[0].email);
  await recordAudit(ctx.db, userId, 'password_reset', meta, { sessionsRevoked: revoked });
}

export async function changePassword(ctx: AuthContext, userId: string, currentSessionId: string | undefined, current: string, next: string, meta: RequestMeta): Promise<void> {
  const { rows } = await ctx.db.query('SELECT password_hash FROM auth.users WHERE id = $1', [userId]);
  if (!rows[0]) throw new NotFoundError('User');
  const ok = rows[0].password_hash ? await verifyPassword(current, rows[0].password_hash) : await burnPasswordCheck(current, scryptParamsFor(ctx.config.SCRYPT_COST));
  if (!ok) throw new UserError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect.', undefined, 400);
  await ctx.db.query('UPDATE auth.users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1', [userId, await hashPassword(next, scryptParamsFor(ctx.config.SCRYPT_COST))]);
  const revoked = await revokeAllSessions(ctx, userId, 'password_changed', currentSessionId);
  await recordAudit(ctx.db, userId, 'password_changed', meta, { sessionsRevoked: revoked });
}

export async function changeTier(ctx: AuthContext, actorId: string, userId: string, tier: SessionUser['tier'], meta: RequestMeta): Promise<UserRecord> {
  const before = await findUserById(ctx, userId);
  if (!before) throw new NotFoundError('User');
  if (before.tier === tier) throw new ConflictError('TIER_UNCHANGED', `The user is already on the ${tier} tier.`);
  await ctx.db.query('UPDATE auth.users SET tier = $2, updated_at = now() WHERE id = $1', [userId, tier]);
  await recordAudit(ctx.db, userId, 'tier_changed', meta, { from: before.tier, to: tier, by: actorId });
  return { ...before, tier };
}
