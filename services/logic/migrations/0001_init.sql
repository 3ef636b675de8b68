-- Up Migration
-- Schema `logic`: strategies (source sealed with AES-256-GCM), immutable versions, backtests,
-- their stored results, and optimisations with their trials.

CREATE TABLE logic.strategies (
  id            uuid PRIMARY KEY,
  owner_id      text NOT NULL,
  name          text NOT NULL,
  description   text NOT NULL DEFAULT '',
  latest_version integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX strategies_owner_idx ON logic.strategies (owner_id, updated_at DESC);

-- Versions are immutable: no UPDATE is ever issued on this table.
CREATE TABLE logic.strategy_versions (
  strategy_id    uuid NOT NULL REFERENCES logic.strategies (id) ON DELETE CASCADE,
  version        integer NOT NULL CHECK (version >= 1),
  content_sha256 char(64) NOT NULL,
  api_version    integer NOT NULL,
  note           text NOT NULL DEFAULT '',
  param_specs    jsonb NOT NULL DEFAULT '{}',
  key_id         text NOT NULL,
  iv             bytea NOT NULL,
  auth_tag       bytea NOT NULL,
  source_ciphertext bytea NOT NULL,
  source_bytes   integer NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, version)
);

CREATE TABLE logic.backtests (
  id            uuid PRIMARY KEY,
  owner_id      text NOT NULL,
  strategy_id   uuid NOT NULL,
  version       integer NOT NULL,
  params        jsonb NOT NULL,
  venue         text NOT NULL,
  symbol        text NOT NULL,
  timeframe     text NOT NULL,
  range_from    timestamptz NOT NULL,
  range_to      timestamptz NOT NULL,
  venue_model   jsonb NOT NULL,
  risk          jsonb,
  instrument    jsonb NOT NULL,
  initial_cash  numeric NOT NULL,
  seed          integer NOT NULL DEFAULT 1,
  -- Only tests that ask for it run on generated candles; production always reads services/data.
  data_source   text NOT NULL DEFAULT 'data' CHECK (data_source IN ('data', 'synthetic')),
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
  error         jsonb,
  attempts      integer NOT NULL DEFAULT 0,
  request_id    text,
  tier          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  FOREIGN KEY (strategy_id, version) REFERENCES logic.strategy_versions (strategy_id, version) ON DELETE CASCADE
);
CREATE INDEX backtests_owner_idx ON logic.backtests (owner_id, created_at DESC);

-- One row per backtest (the key makes a re-run an upsert, never a duplicate).
CREATE TABLE logic.backtest_results (
  backtest_id   uuid PRIMARY KEY REFERENCES logic.backtests (id) ON DELETE CASCADE,
  metrics       jsonb NOT NULL,
  equity_curve  jsonb NOT NULL,
  drawdown_curve jsonb NOT NULL,
  -- Full (time, equity) series as little-endian float64 pairs; returned on request only.
  full_series   bytea NOT NULL,
  bars          integer NOT NULL,
  trade_count   integer NOT NULL,
  usage         jsonb NOT NULL DEFAULT '{}',
  logs          jsonb NOT NULL DEFAULT '[]',
  attempt       integer NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE logic.backtest_trades (
  backtest_id  uuid NOT NULL REFERENCES logic.backtests (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  symbol       text NOT NULL,
  direction    smallint NOT NULL CHECK (direction IN (-1, 1)),
  entry_time   timestamptz NOT NULL,
  exit_time    timestamptz NOT NULL,
  entry_price  numeric NOT NULL,
  exit_price   numeric NOT NULL,
  qty          numeric NOT NULL,
  pnl          numeric NOT NULL,
  fees         numeric NOT NULL,
  mae          numeric NOT NULL,
  mfe          numeric NOT NULL,
  PRIMARY KEY (backtest_id, seq)
);

CREATE TABLE logic.optimisations (
  id            uuid PRIMARY KEY,
  owner_id      text NOT NULL,
  strategy_id   uuid NOT NULL,
  version       integer NOT NULL,
  spec          jsonb NOT NULL,
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
  -- Position of the parent's state machine: fold, phase ('search' | 'test') and search round.
  cursor        jsonb NOT NULL DEFAULT '{"fold":0,"phase":"search","round":0}',
  result        jsonb,
  error         jsonb,
  request_id    text,
  tier          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  FOREIGN KEY (strategy_id, version) REFERENCES logic.strategy_versions (strategy_id, version) ON DELETE CASCADE
);
CREATE INDEX optimisations_owner_idx ON logic.optimisations (owner_id, created_at DESC);

CREATE TABLE logic.optimisation_trials (
  optimisation_id uuid NOT NULL REFERENCES logic.optimisations (id) ON DELETE CASCADE,
  fold          integer NOT NULL,
  phase         text NOT NULL CHECK (phase IN ('search', 'test')),
  trial_no      integer NOT NULL,
  round         integer NOT NULL,
  params        jsonb NOT NULL,
  params_key    text NOT NULL,
  metrics       jsonb,
  score         double precision,
  error         jsonb,
  equity_curve  jsonb,
  -- host:pid of the worker process that ran it (observability: shows how work spread across workers).
  worker        text,
  finished_at   timestamptz,
  PRIMARY KEY (optimisation_id, fold, phase, trial_no),
  UNIQUE (optimisation_id, fold, phase, params_key)
);
