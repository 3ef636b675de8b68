import type { Pool } from 'pg';
import type { NotificationMessage } from '@strata/platform';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const COLUMNS = `id::text, kind, title, body, data, created_at AS "createdAt", read_at AS "readAt"`;

/** The in-app inbox. Every query is scoped by user id: no row of another user is ever reachable. */
export class NotificationsRepository {
  private readonly db: Pool;
  constructor(db: Pool) {
    this.db = db;
  }

  /** Returns the stored row, or null when the dedupe key was seen before. */
  async insert(msg: NotificationMessage): Promise<NotificationRow | null> {
    const { rows } = await this.db.query<NotificationRow>(
      `INSERT INTO notify.notifications (user_id, kind, title, body, data, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [msg.userId, msg.kind, msg.title, msg.body ?? '', JSON.stringify(msg.data ?? {}), msg.dedupeKey ?? null],
    );
    return rows[0] ?? null;
  }

  async list(userId: string, opts: { unreadOnly: boolean; limit: number; beforeId?: string }): Promise<NotificationRow[]> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM notify.notifications
       WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [userId, opts.unreadOnly, opts.beforeId ?? null, opts.limit],
    );
    return rows;
  }

  async unreadCount(userId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notify.notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return rows[0]?.n ?? 0;
  }

  /** Marks one as read; false when it does not exist or is not this user's. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const res = await this.db.query('UPDATE notify.notifications SET read_at = coalesce(read_at, now()) WHERE user_id = $1 AND id = $2', [userId, id]);
    return (res.rowCount ?? 0) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const res = await this.db.query('UPDATE notify.notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return res.rowCount ?? 0;
  }
}
