import { hostname } from 'node:os';
import type { Pool, PoolClient } from '@strata/platform';
import type { ParamSet } from '../domain/params.ts';
import { paramKey } from '../domain/params.ts';
import type { RunStatus } from './backtests.repository.ts';

type Q = Pool | PoolClient;
export type Phase = 'search' | 'test';

export interface Cursor {
  fold: number;
  phase: Phase;
  round: number;
}

export interface OptimisationRow {
  id: string;
  ownerId: string;
  strategyId: string;
  version: number;
  spec: Record<string, unknown>;
  status: RunStatus;
  cursor: Cursor;
  result: unknown;
  error: unknown;
  requestId: string | null;
  tier: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface TrialRow {
  fold: number;
  phase: Phase;
  trialNo: number;
  round: number;
  params: ParamSet;
  metrics: Record<string, number> | null;
  score: number | null;
  error: unknown;
  equity: { t: number[]; v: number[] } | null;
  finished: boolean;
}

/** A trial's outcome as stored: metrics and score, or the author error that ended it. */
export interface TrialResult {
  fold: number;
  phase: Phase;
  trialNo: number;
  metrics: Record<string, number> | null;
  score: number | null;
  error?: unknown;
  equity?: unknown;
}

const WORKER_ID = `${hostname()}:${process.pid}`;
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);

function opt(r: Record<string, unknown>): OptimisationRow {
  return {
    id: r.id as string, ownerId: r.owner_id as string, strategyId: r.strategy_id as string, version: r.version as number,
    spec: r.spec as Record<string, unknown>, status: r.status as RunStatus, cursor: r.cursor as Cursor, result: r.result, error: r.error,
    requestId: (r.request_id as string | null) ?? null, tier: r.tier as string, createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at),
  };
}

function trial(r: Record<string, unknown>): TrialRow {
  return {
    fold: r.fold as number, phase: r.phase as Phase, trialNo: r.trial_no as number, round: r.round as number,
    params: r.params as ParamSet, metrics: r.metrics as TrialRow['metrics'], score: r.score === null ? null : Number(r.score),
    error: r.error, equity: (r.equity_curve as TrialRow['equity']) ?? null, finished: r.finished_at !== null,
  };
}

/** SQL for optimisations and trials. Trial inserts ignore duplicates; results are plain updates. */
export const optimisationsRepo = {
  async insert(q: Q, o: { id: string; ownerId: string; strategyId: string; version: number; spec: unknown; requestId: string; tier: string }): Promise<void> {
    await q.query(
      `INSERT INTO logic.optimisations (id, owner_id, strategy_id, version, spec, status, request_id, tier) VALUES ($1,$2,$3,$4,$5,'queued',$6,$7)`,
      [o.id, o.ownerId, o.strategyId, o.version, JSON.stringify(o.spec), o.requestId, o.tier],
    );
  },
  async get(q: Q, id: string): Promise<OptimisationRow | null> {
    const r = await q.query(`SELECT * FROM logic.optimisations WHERE id = $1`, [id]);
    return r.rows[0] ? opt(r.rows[0]) : null;
  },
  async getOwned(q: Q, ownerId: string, id: string): Promise<OptimisationRow | null> {
    const r = await q.query(`SELECT * FROM logic.optimisations WHERE id = $1 AND owner_id = $2`, [id, ownerId]);
    return r.rows[0] ? opt(r.rows[0]) : null;
  },
  async listOwned(q: Q, ownerId: string, limit: number): Promise<OptimisationRow[]> {
    const r = await q.query(`SELECT * FROM logic.optimisations WHERE owner_id = $1 ORDER BY created_at DESC LIMIT $2`, [ownerId, limit]);
    return r.rows.map(opt);
  },
  async setCursor(q: Q, id: string, cursor: Cursor): Promise<void> {
    await q.query(`UPDATE logic.optimisations SET cursor = $2, status = 'running' WHERE id = $1 AND status IN ('queued','running')`, [id, JSON.stringify(cursor)]);
  },
  async finish(q: Q, id: string, status: 'completed' | 'failed' | 'canceled', result: unknown, error?: unknown): Promise<boolean> {
    const r = await q.query(
      `UPDATE logic.optimisations SET status = $2, result = $3, error = $4, finished_at = now() WHERE id = $1 AND status IN ('queued','running')`,
      [id, status, result === undefined ? null : JSON.stringify(result), error === undefined ? null : JSON.stringify(error)],
    );
    return (r.rowCount ?? 0) > 0;
  },
  /** Adds the trials of one round; trial numbers continue after the phase's last one. Re-adding is a no-op. */
  async addTrials(q: PoolClient, id: string, fold: number, phase: Phase, round: number, sets: ParamSet[]): Promise<void> {
    const r = await q.query(`SELECT coalesce(max(trial_no), -1) AS m FROM logic.optimisation_trials WHERE optimisation_id = $1 AND fold = $2 AND phase = $3`, [id, fold, phase]);
    const base = Number(r.rows[0].m) + 1;
    await q.query(
      `INSERT INTO logic.optimisation_trials (optimisation_id, fold, phase, trial_no, round, params, params_key)
       SELECT $1, $2, $3, s.no, $4, s.params::jsonb, s.key FROM unnest($5::int[], $6::text[], $7::text[]) AS s(no, params, key)
       ON CONFLICT DO NOTHING`,
      [id, fold, phase, round, sets.map((_, i) => base + i), sets.map((p) => JSON.stringify(p)), sets.map(paramKey)],
    );
  },
  async trials(q: Q, id: string, fold: number, phase: Phase, round?: number): Promise<TrialRow[]> {
    const r = await q.query(
      `SELECT * FROM logic.optimisation_trials WHERE optimisation_id = $1 AND fold = $2 AND phase = $3 AND ($4::int IS NULL OR round = $4) ORDER BY trial_no`,
      [id, fold, phase, round ?? null],
    );
    return r.rows.map(trial);
  },
  async allTrials(q: Q, id: string): Promise<TrialRow[]> {
    const r = await q.query(`SELECT * FROM logic.optimisation_trials WHERE optimisation_id = $1 ORDER BY fold, phase, trial_no`, [id]);
    return r.rows.map(trial);
  },
  /**
   * One batch of a round: its trials in trial order (offset/limit within the round), without the
   * heavy columns, so a batch job reads its own rows rather than the whole round.
   */
  async batchTrials(q: Q, id: string, fold: number, phase: Phase, round: number, offset: number, limit: number): Promise<TrialRow[]> {
    const r = await q.query(
      `SELECT fold, phase, trial_no, round, params, NULL AS metrics, score, NULL AS error, NULL AS equity_curve, finished_at
       FROM logic.optimisation_trials WHERE optimisation_id = $1 AND fold = $2 AND phase = $3 AND round = $4
       ORDER BY trial_no OFFSET $5 LIMIT $6`,
      [id, fold, phase, round, offset, limit],
    );
    return r.rows.map(trial);
  },
  /**
   * Stores finished trials in one statement. A trial keeps its first stored result: a batch re-run
   * after a lost lock (the first worker may still finish) never overwrites or duplicates one.
   */
  async saveTrials(q: Q, id: string, ts: TrialResult[]): Promise<void> {
    if (ts.length === 0) return;
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    await q.query(
      `UPDATE logic.optimisation_trials t
       SET metrics = s.metrics::jsonb, score = s.score, error = s.error::jsonb, equity_curve = s.equity::jsonb, worker = $2, finished_at = now()
       FROM unnest($3::int[], $4::text[], $5::int[], $6::text[], $7::float8[], $8::text[], $9::text[]) AS s(fold, phase, trial_no, metrics, score, error, equity)
       WHERE t.optimisation_id = $1 AND t.fold = s.fold AND t.phase = s.phase AND t.trial_no = s.trial_no AND t.finished_at IS NULL`,
      [id, WORKER_ID, ts.map((t) => t.fold), ts.map((t) => t.phase), ts.map((t) => t.trialNo), ts.map((t) => json(t.metrics)), ts.map((t) => t.score), ts.map((t) => json(t.error)), ts.map((t) => json(t.equity))],
    );
  },
  /** Trials in a round and how many of them have no result yet. */
  async roundCounts(q: Q, id: string, fold: number, phase: Phase, round: number): Promise<{ total: number; open: number }> {
    const r = await q.query(
      `SELECT count(*)::int AS total, (count(*) - count(finished_at))::int AS open FROM logic.optimisation_trials
       WHERE optimisation_id = $1 AND fold = $2 AND phase = $3 AND round = $4`,
      [id, fold, phase, round],
    );
    return r.rows[0];
  },
};
