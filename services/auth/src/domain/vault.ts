import { randomUUID } from 'node:crypto';
import { Keyring, NotFoundError, withTransaction, type Pool } from '@strata/platform';
import type { AuthContext, RequestMeta } from '../context.ts';
import { recordAudit } from './audit.ts';

/** What the trading service gets back: the exchange secret in the clear, server-side only. */
export interface ExchangeCredential { exchange: string; apiKey: string; apiSecret: string; passphrase?: string }

/** What any API may show: never the secret, only enough to recognise the key. */
export interface CredentialView { id: string; exchange: string; label: string; apiKeyHint: string; createdAt: string; rotatedAt: string | null }

// Binds the ciphertext to its owner and row: a sealed blob copied onto another user's row fails to open.
function aad(userId: string, credentialId: string): string {
  return `strata.vault.v1|${userId}|${credentialId}`;
}

function hint(apiKey: string): string {
  return `…${apiKey.slice(-4)}`;
}

function view(r: Record<string, any>): CredentialView {
  return { id: r.id, exchange: r.exchange, label: r.label, apiKeyHint: r.api_key_hint, createdAt: r.created_at.toISOString(), rotatedAt: r.rotated_at?.toISOString() ?? null };
}

export async function storeCredential(ctx: AuthContext, userId: string, input: ExchangeCredential & { label: string }, meta: RequestMeta): Promise<CredentialView> {
  const id = randomUUID();
  const secret: ExchangeCredential = { exchange: input.exchange, apiKey: input.apiKey, apiSecret: input.apiSecret, ...(input.passphrase ? { passphrase: input.passphrase } : {}) };
  const sealed = ctx.vaultKeys.seal(JSON.stringify(secret), aad(userId, id));
  const { rows } = await ctx.db.query(
    `INSERT INTO auth.exchange_credentials (id, user_id, exchange, label, api_key_hint, key_id, iv, tag, ciphertext)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, exchange, label, api_key_hint, created_at, rotated_at`,
    [id, userId, input.exchange, input.label, hint(input.apiKey), sealed.kid, sealed.iv, sealed.tag, sealed.ciphertext],
  );
  await recordAudit(ctx.db, userId, 'credential_created', meta, { credentialId: id, exchange: input.exchange });
  return view(rows[0]);
}

export async function listCredentials(ctx: AuthContext, userId: string): Promise<CredentialView[]> {
  const { rows } = await ctx.db.query(
    'SELECT id, exchange, label, api_key_hint, created_at, rotated_at FROM auth.exchange_credentials WHERE user_id = $1 ORDER BY created_at DESC',
    [userId],
  );
  return rows.map(view);
}

export async function deleteCredential(ctx: AuthContext, userId: string, credentialId: string, meta: RequestMeta): Promise<void> {
  const { rowCount } = await ctx.db.query('DELETE FROM auth.exchange_credentials WHERE id = $1 AND user_id = $2', [credentialId, userId]);
  if (!rowCount) throw new NotFoundError('Exchange credential');
  await recordAudit(ctx.db, userId, 'credential_deleted', meta, { credentialId });
}

/**
 * The one way to read an exchange secret: for the trading service, in-process, to sign venue requests.
 * Throws NotFoundError when the credential does not exist or belongs to another user. Never put the result
 * in a job payload, a log line, an event or anything an isolate can reach; pass the credential id instead.
 */
export async function decryptExchangeCredential(deps: { db: Pool; vaultKeys: Keyring }, userId: string, credentialId: string): Promise<ExchangeCredential> {
  const { rows } = await deps.db.query('SELECT key_id, iv, tag, ciphertext FROM auth.exchange_credentials WHERE id = $1 AND user_id = $2', [credentialId, userId]);
  if (!rows[0]) throw new NotFoundError('Exchange credential');
  const r = rows[0];
  const plain = deps.vaultKeys.open({ kid: r.key_id, iv: r.iv, tag: r.tag, ciphertext: r.ciphertext }, aad(userId, credentialId));
  return JSON.parse(plain.toString('utf8')) as ExchangeCredential;
}

export interface RotationResult { reencrypted: number; failed: string[] }

/**
 * Re-encrypts every credential not sealed under the keyring's active key (the first in VAULT_KEYS), in
 * batches, each batch locked and re-sealed in one transaction. Safe to re-run and to run while the service is
 * up (old and new keys must both be configured until it finishes). A row that no configured key opens
 * (tampered, or its key already removed) is left as is and reported in `failed`, so one bad row cannot block
 * the rotation of the rest.
 */
export async function rotateVaultKey(db: Pool, keyring: Keyring, batchSize = 200): Promise<RotationResult> {
  const failed: string[] = [];
  let reencrypted = 0;
  for (;;) {
    const n = await withTransaction(db, async (client) => {
      const { rows } = await client.query(
        `SELECT id, user_id, key_id, iv, tag, ciphertext FROM auth.exchange_credentials
          WHERE key_id <> $1 AND NOT (id = ANY($3::uuid[])) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [keyring.activeKid, batchSize, failed],
      );
      for (const r of rows) {
        const a = aad(r.user_id, r.id);
        let plain: Buffer;
        try {
          plain = keyring.open({ kid: r.key_id, iv: r.iv, tag: r.tag, ciphertext: r.ciphertext }, a);
        } catch {
          failed.push(r.id);
          continue;
        }
        const s = keyring.seal(plain, a);
        await client.query('UPDATE auth.exchange_credentials SET key_id = $2, iv = $3, tag = $4, ciphertext = $5, rotated_at = now() WHERE id = $1', [r.id, s.kid, s.iv, s.tag, s.ciphertext]);
        reencrypted++;
      }
      return rows.length;
    });
    if (n < batchSize) return { reencrypted, failed };
  }
}

/**
 * The narrow handle the trading service holds: `(userId, credentialId) => credential`, nothing else.
 * Build it once at start-up from the pool and the VAULT_KEYS setting.
 */
export function createExchangeCredentialReader(db: Pool, vaultKeysSpec: string): (userId: string, credentialId: string) => Promise<ExchangeCredential> {
  const vaultKeys = new Keyring(vaultKeysSpec);
  return (userId, credentialId) => decryptExchangeCredential({ db, vaultKeys }, userId, credentialId);
}
