import type { Pool } from 'pg';
import type { RequestMeta } from '../context.ts';

export const AUDIT_EVENT_TYPES = [
  'signup', 'email_verified', 'login', 'login_failed', 'login_locked', 'lockout', 'oauth_login', 'oauth_linked',
  'logout', 'refresh_reuse', 'session_revoked', 'password_changed', 'password_reset_requested', 'password_reset',
  'api_key_created', 'api_key_revoked', 'credential_created', 'credential_deleted', 'tier_changed', 'role_changed',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  id: string;
  userId: string | null;
  type: AuditEventType;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Appends a security event. Never throws into the caller's flow: an audit failure is logged by the caller's error path. */
export async function recordAudit(db: Pool, userId: string | null, type: AuditEventType, meta: RequestMeta = {}, details: Record<string, unknown> = {}): Promise<void> {
  await db.query(
    'INSERT INTO auth.audit_events (user_id, type, ip, user_agent, details) VALUES ($1, $2, $3, $4, $5)',
    [userId, type, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null, JSON.stringify(details)],
  );
}

export interface AuditQuery { userId?: string; type?: string; before?: string; limit: number }

/** Newest first; `before` is an event id for keyset paging. */
export async function listAudit(db: Pool, q: AuditQuery): Promise<AuditEvent[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.userId) { args.push(q.userId); where.push(`user_id = $${args.length}`); }
  if (q.type) { args.push(q.type); where.push(`type = $${args.length}`); }
  if (q.before) { args.push(q.before); where.push(`id < $${args.length}`); }
  args.push(q.limit);
  const { rows } = await db.query(
    `SELECT id::text, user_id, type, ip, user_agent, details, created_at FROM auth.audit_events
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`,
    args,
  );
  return rows.map((r) => ({ id: r.id, userId: r.user_id, type: r.type, ip: r.ip, userAgent: r.user_agent, details: r.details, createdAt: r.created_at.toISOString() }));
}
