import { randomUUID } from 'node:crypto';
import { NotFoundError, UserError, withTransaction, type Keyring, type Pool } from '@strata/platform';
import type { ParamSpecs } from '@strata/strategy-sdk';
import { strategiesRepo, type StrategyRow, type VersionRow } from '../adapters/strategies.repository.ts';
import { openSource, sealSource, sha256Hex, SourceDecryptError } from './source-cipher.ts';
import type { CheckResult, StrategyChecker } from './strategy-checker.ts';
import { canReadSource, canRun, type StrategyAccessSubject } from './strategy-access.ts';
import { OperationalError } from '@strata/platform';

export interface StrategiesDeps {
  db: Pool;
  keyring: Keyring;
  checker: StrategyChecker;
}

export interface SaveInput {
  source: string;
  note?: string;
}

export interface RunnableVersion {
  strategyId: string;
  version: number;
  ownerId: string;
  source: string;
  paramSpecs: ParamSpecs;
  contentSha256: string;
}

const MAX_NAME = 120;

/**
 * Strategies and their immutable versions. A version is only created from source that compiles
 * and declares its parameters (type errors are returned as diagnostics but do not block a save).
 * Another user's strategy is indistinguishable from a missing one (404 NOT_FOUND).
 */
export function createStrategiesService(deps: StrategiesDeps) {
  const { db, keyring, checker } = deps;

  async function checked(source: string): Promise<CheckResult & { meta: NonNullable<CheckResult['meta']> }> {
    if (typeof source !== 'string' || source.trim() === '') throw new UserError('STRATEGY_SOURCE_EMPTY', 'Strategy source must be a non-empty string.');
    const result = await checker.check(source);
    if (!result.ok || !result.meta) {
      throw new UserError('STRATEGY_INVALID', 'The strategy does not compile; see the diagnostics for line and column.', { diagnostics: result.diagnostics });
    }
    return result as CheckResult & { meta: NonNullable<CheckResult['meta']> };
  }

  async function addVersion(client: Parameters<typeof strategiesRepo.insertVersion>[0], strategyId: string, v: number, input: SaveInput, check: Awaited<ReturnType<typeof checked>>): Promise<VersionRow> {
    return strategiesRepo.insertVersion(client, strategyId, v, {
      contentSha256: sha256Hex(input.source),
      apiVersion: check.meta.apiVersion,
      note: (input.note ?? '').slice(0, 2000),
      paramSpecs: check.meta.params,
      sealed: sealSource(keyring, input.source, { strategyId, version: v }),
      sourceBytes: Buffer.byteLength(input.source, 'utf8'),
    });
  }

  async function owned(who: StrategyAccessSubject, id: string): Promise<StrategyRow> {
    const s = isUuid(id) ? await strategiesRepo.getOwned(db, who.userId, id) : null;
    if (!s) throw new NotFoundError('Strategy');
    return s;
  }

  function decrypt(strategyId: string, version: number, sealed: Parameters<typeof openSource>[1]): string {
    try {
      return openSource(keyring, sealed, { strategyId, version });
    } catch (err) {
      if (err instanceof SourceDecryptError) throw new OperationalError(err.code, err.message, err);
      throw err;
    }
  }

  return {
    check: (source: string) => checker.check(source),

    async create(who: StrategyAccessSubject, input: SaveInput & { name: string; description?: string }) {
      const name = (input.name ?? '').trim();
      if (!name || name.length > MAX_NAME) throw new UserError('STRATEGY_NAME_INVALID', `Name must be 1 to ${MAX_NAME} characters.`);
      const check = await checked(input.source);
      const id = randomUUID();
      return withTransaction(db, async (c) => {
        await strategiesRepo.insertStrategy(c, { id, ownerId: who.userId, name, description: input.description ?? '' });
        const version = await addVersion(c, id, 1, input, check);
        await strategiesRepo.updateMeta(c, id, { latestVersion: 1 });
        const strategy = (await strategiesRepo.getOwned(c, who.userId, id))!;
        return { strategy, version, diagnostics: check.diagnostics };
      });
    },

    /** Renames and/or saves new source; a source save always appends a new version. */
    async update(who: StrategyAccessSubject, id: string, input: Partial<SaveInput> & { name?: string; description?: string }) {
      await owned(who, id);
      if (input.name !== undefined && (!input.name.trim() || input.name.length > MAX_NAME)) throw new UserError('STRATEGY_NAME_INVALID', `Name must be 1 to ${MAX_NAME} characters.`);
      const check = input.source !== undefined ? await checked(input.source) : null;
      return withTransaction(db, async (c) => {
        const s = await strategiesRepo.lockOwned(c, who.userId, id);
        if (!s) throw new NotFoundError('Strategy');
        let version: VersionRow | null = null;
        if (check) version = await addVersion(c, id, s.latestVersion + 1, input as SaveInput, check);
        await strategiesRepo.updateMeta(c, id, { name: input.name?.trim(), description: input.description, latestVersion: version?.version });
        const strategy = (await strategiesRepo.getOwned(c, who.userId, id))!;
        return { strategy, version, diagnostics: check?.diagnostics ?? [] };
      });
    },

    async get(who: StrategyAccessSubject, id: string) {
      const strategy = await owned(who, id);
      const versions = await strategiesRepo.listVersions(db, id);
      return { strategy, versions };
    },

    list: (who: StrategyAccessSubject, limit = 50, before?: string) => strategiesRepo.listOwned(db, who.userId, Math.min(Math.max(limit, 1), 200), before),

    async remove(who: StrategyAccessSubject, id: string) {
      if (!isUuid(id) || !(await strategiesRepo.deleteOwned(db, who.userId, id))) throw new NotFoundError('Strategy');
    },

    /** One version with its decrypted source: owner only. */
    async getVersionWithSource(who: StrategyAccessSubject, id: string, v: number) {
      const s = await owned(who, id);
      if (!canReadSource(who, s)) throw new NotFoundError('Strategy');
      const version = await strategiesRepo.getVersion(db, id, v);
      const sealed = await strategiesRepo.getSealed(db, id, v);
      if (!version || !sealed) throw new NotFoundError('Strategy version');
      return { version, source: decrypt(id, v, sealed) };
    },

    /** Metadata of a version the caller may run (no source): used to validate a run request. */
    async runnableMeta(who: StrategyAccessSubject, id: string, v: number): Promise<VersionRow & { ownerId: string }> {
      const s = isUuid(id) ? await db.query(`SELECT owner_id FROM logic.strategies WHERE id = $1`, [id]) : null;
      const ownerId = s?.rows[0]?.owner_id as string | undefined;
      if (!ownerId || !canRun(who, { ownerId })) throw new NotFoundError('Strategy version');
      const version = Number.isInteger(v) ? await strategiesRepo.getVersion(db, id, v) : null;
      if (!version) throw new NotFoundError('Strategy version');
      return { ...version, ownerId };
    },

    /** For workers: the decrypted source of a version. Access was checked when the job was accepted. */
    async loadForRun(strategyId: string, v: number): Promise<RunnableVersion | null> {
      const r = await db.query(`SELECT owner_id FROM logic.strategies WHERE id = $1`, [strategyId]);
      const version = await strategiesRepo.getVersion(db, strategyId, v);
      const sealed = await strategiesRepo.getSealed(db, strategyId, v);
      if (!r.rows[0] || !version || !sealed) return null;
      return { strategyId, version: v, ownerId: r.rows[0].owner_id, source: decrypt(strategyId, v, sealed), paramSpecs: version.paramSpecs, contentSha256: version.contentSha256 };
    },
  };
}

export type StrategiesService = ReturnType<typeof createStrategiesService>;

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
