import type { Pool, PoolClient, Sealed } from '@strata/platform';
import type { ParamSpecs } from '@strata/strategy-sdk';

export interface StrategyRow {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface VersionRow {
  strategyId: string;
  version: number;
  contentSha256: string;
  apiVersion: number;
  note: string;
  paramSpecs: ParamSpecs;
  sourceBytes: number;
  createdAt: string;
}

export interface NewVersion {
  contentSha256: string;
  apiVersion: number;
  note: string;
  paramSpecs: ParamSpecs;
  sealed: Sealed;
  sourceBytes: number;
}

type Q = Pool | PoolClient;

const STRATEGY_COLS = `id, owner_id, name, description, latest_version, created_at, updated_at`;
const VERSION_COLS = `strategy_id, version, content_sha256, api_version, note, param_specs, source_bytes, created_at`;

function strategy(r: Record<string, unknown>): StrategyRow {
  return {
    id: r.id as string,
    ownerId: r.owner_id as string,
    name: r.name as string,
    description: r.description as string,
    latestVersion: r.latest_version as number,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}

function version(r: Record<string, unknown>): VersionRow {
  return {
    strategyId: r.strategy_id as string,
    version: r.version as number,
    contentSha256: (r.content_sha256 as string).trim(),
    apiVersion: r.api_version as number,
    note: r.note as string,
    paramSpecs: r.param_specs as ParamSpecs,
    sourceBytes: r.source_bytes as number,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

/** SQL for strategies and their immutable versions. Every read is scoped by owner: no IDOR by construction. */
export const strategiesRepo = {
  async insertStrategy(q: Q, s: { id: string; ownerId: string; name: string; description: string }): Promise<void> {
    await q.query(`INSERT INTO logic.strategies (id, owner_id, name, description) VALUES ($1, $2, $3, $4)`, [s.id, s.ownerId, s.name, s.description]);
  },

  /** Locks the owner's strategy row (serialises concurrent saves so version numbers never collide). */
  async lockOwned(q: Q, ownerId: string, id: string): Promise<StrategyRow | null> {
    const r = await q.query(`SELECT ${STRATEGY_COLS} FROM logic.strategies WHERE id = $1 AND owner_id = $2 FOR UPDATE`, [id, ownerId]);
    return r.rows[0] ? strategy(r.rows[0]) : null;
  },

  async getOwned(q: Q, ownerId: string, id: string): Promise<StrategyRow | null> {
    const r = await q.query(`SELECT ${STRATEGY_COLS} FROM logic.strategies WHERE id = $1 AND owner_id = $2`, [id, ownerId]);
    return r.rows[0] ? strategy(r.rows[0]) : null;
  },

  async listOwned(q: Q, ownerId: string, limit: number, before?: string): Promise<StrategyRow[]> {
    const r = await q.query(
      `SELECT ${STRATEGY_COLS} FROM logic.strategies WHERE owner_id = $1 AND ($3::timestamptz IS NULL OR updated_at < $3)
       ORDER BY updated_at DESC, id LIMIT $2`,
      [ownerId, limit, before ?? null],
    );
    return r.rows.map(strategy);
  },

  async updateMeta(q: Q, id: string, patch: { name?: string; description?: string; latestVersion?: number }): Promise<void> {
    await q.query(
      `UPDATE logic.strategies SET name = COALESCE($2, name), description = COALESCE($3, description),
         latest_version = COALESCE($4, latest_version), updated_at = now() WHERE id = $1`,
      [id, patch.name ?? null, patch.description ?? null, patch.latestVersion ?? null],
    );
  },

  async deleteOwned(q: Q, ownerId: string, id: string): Promise<boolean> {
    const r = await q.query(`DELETE FROM logic.strategies WHERE id = $1 AND owner_id = $2`, [id, ownerId]);
    return (r.rowCount ?? 0) > 0;
  },

  async insertVersion(q: Q, strategyId: string, v: number, nv: NewVersion): Promise<VersionRow> {
    const r = await q.query(
      `INSERT INTO logic.strategy_versions (strategy_id, version, content_sha256, api_version, note, param_specs, key_id, iv, auth_tag, source_ciphertext, source_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${VERSION_COLS}`,
      [strategyId, v, nv.contentSha256, nv.apiVersion, nv.note, JSON.stringify(nv.paramSpecs), nv.sealed.kid, nv.sealed.iv, nv.sealed.tag, nv.sealed.ciphertext, nv.sourceBytes],
    );
    return version(r.rows[0]);
  },

  async listVersions(q: Q, strategyId: string): Promise<VersionRow[]> {
    const r = await q.query(`SELECT ${VERSION_COLS} FROM logic.strategy_versions WHERE strategy_id = $1 ORDER BY version DESC`, [strategyId]);
    return r.rows.map(version);
  },

  async getVersion(q: Q, strategyId: string, v: number): Promise<VersionRow | null> {
    const r = await q.query(`SELECT ${VERSION_COLS} FROM logic.strategy_versions WHERE strategy_id = $1 AND version = $2`, [strategyId, v]);
    return r.rows[0] ? version(r.rows[0]) : null;
  },

  /** The sealed source of one version; callers must have checked access first. */
  async getSealed(q: Q, strategyId: string, v: number): Promise<Sealed | null> {
    const r = await q.query(`SELECT key_id, iv, auth_tag, source_ciphertext FROM logic.strategy_versions WHERE strategy_id = $1 AND version = $2`, [strategyId, v]);
    const row = r.rows[0];
    return row ? { kid: row.key_id, iv: row.iv, tag: row.auth_tag, ciphertext: row.source_ciphertext } : null;
  },
};
