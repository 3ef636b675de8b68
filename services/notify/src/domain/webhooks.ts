import { createHmac, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { NotificationRow } from './notifications.repository.ts';

export interface WebhookRow {
  id: string;
  url: string;
  kinds: string[];
  createdAt: string;
  lastStatus: number | null;
  lastError: string | null;
}

const COLUMNS = `id, url, kinds, created_at AS "createdAt", last_status AS "lastStatus", last_error AS "lastError"`;

/** Receivers verify `X-Strata-Signature: sha256=<hex HMAC of the raw body>` with the secret shown at creation. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhooksRepository {
  private readonly db: Pool;
  constructor(db: Pool) {
    this.db = db;
  }

  async create(userId: string, url: string, kinds: string[]): Promise<WebhookRow & { secret: string }> {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const { rows } = await this.db.query<WebhookRow>(
      `INSERT INTO notify.webhooks (user_id, url, secret, kinds) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [userId, url, secret, kinds],
    );
    return { ...rows[0]!, secret };
  }

  async list(userId: string): Promise<WebhookRow[]> {
    const { rows } = await this.db.query<WebhookRow>(`SELECT ${COLUMNS} FROM notify.webhooks WHERE user_id = $1 ORDER BY created_at`, [userId]);
    return rows;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const res = await this.db.query('DELETE FROM notify.webhooks WHERE user_id = $1 AND id::text = $2', [userId, id]);
    return (res.rowCount ?? 0) > 0;
  }

  async targets(userId: string, kind: string): Promise<{ id: string; url: string; secret: string }[]> {
    const { rows } = await this.db.query(
      `SELECT id, url, secret FROM notify.webhooks WHERE user_id = $1 AND (cardinality(kinds) = 0 OR $2 = ANY(kinds))`,
      [userId, kind],
    );
    return rows;
  }

  async recordDelivery(id: string, status: number | null, error: string | null): Promise<void> {
    await this.db.query('UPDATE notify.webhooks SET last_status = $2, last_error = $3, last_delivery_at = now() WHERE id = $1', [id, status, error]);
  }
}

/** POSTs one notification to every matching webhook; a failing receiver is recorded, never retried forever. */
export async function deliverWebhooks(repo: WebhooksRepository, userId: string, n: NotificationRow, timeoutMs = 5_000): Promise<void> {
  const hooks = await repo.targets(userId, n.kind);
  await Promise.all(
    hooks.map(async (hook) => {
      const body = JSON.stringify({ id: n.id, kind: n.kind, title: n.title, body: n.body, data: n.data, createdAt: n.createdAt });
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-strata-signature': signBody(hook.secret, body) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await repo.recordDelivery(hook.id, res.status, res.ok ? null : `HTTP ${res.status}`);
      } catch (err) {
        await repo.recordDelivery(hook.id, null, err instanceof Error ? err.message : String(err));
      }
    }),
  );
}
