-- Market data: instruments, series, partitioned candles, backfill progress, imports, retention exports.
-- Runs with search_path = data (migrateService).

CREATE TABLE instruments (
  id            serial PRIMARY KEY,
  venue         text NOT NULL CHECK (venue ~ '^[a-z0-9_-]{1,32}$'),
  symbol        text NOT NULL CHECK (length(symbol) BETWEEN 1 AND 64),
  base          text,
  quote         text,
  -- money-like exchange rules stay exact (design principle 5); candles themselves are observations
  tick_size     numeric NOT NULL DEFAULT 0.01 CHECK (tick_size > 0),
  lot_size      numeric NOT NULL DEFAULT 0.00000001 CHECK (lot_size > 0),
  min_notional  numeric NOT NULL DEFAULT 0 CHECK (min_notional >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (venue, symbol)
);

CREATE TABLE series (
  id             serial PRIMARY KEY,
  instrument_id  int NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  timeframe      text NOT NULL CHECK (timeframe ~ '^[0-9]+[mhdw]$'),
  source         text NOT NULL DEFAULT 'exchange' CHECK (source IN ('exchange', 'csv', 'synthetic', 'aggregate')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instrument_id, timeframe)
);

-- ts = bar open time, epoch milliseconds UTC. Prices are float8: the engine computes in float64 and the
-- loader must move a million bars a second; exact decimals matter only for money at rest (ledgers).
-- Monthly range partitions are created on demand by the ingest code (ensurePartitions).
CREATE TABLE candles (
  series_id  int NOT NULL,
  ts         bigint NOT NULL,
  open       double precision NOT NULL,
  high       double precision NOT NULL,
  low        double precision NOT NULL,
  close      double precision NOT NULL,
  volume     double precision NOT NULL,
  PRIMARY KEY (series_id, ts)
) PARTITION BY RANGE (ts);

-- One resume point per series: the open time of the next bar to fetch. Written in the same
-- transaction as the bars it follows, so a crash never leaves the cursor ahead of the data.
CREATE TABLE backfill_cursors (
  series_id   int PRIMARY KEY REFERENCES series(id) ON DELETE CASCADE,
  next_ts     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE backfill_jobs (
  id           uuid PRIMARY KEY,
  series_id    int NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  exchange_id  text NOT NULL,
  from_ts      bigint NOT NULL,
  to_ts        bigint NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  pages        int NOT NULL DEFAULT 0,
  fetched      int NOT NULL DEFAULT 0,
  inserted     int NOT NULL DEFAULT 0,
  cursor_ts    bigint,
  error        text,
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX backfill_jobs_series ON backfill_jobs (series_id, created_at DESC);

CREATE TABLE imports (
  id          uuid PRIMARY KEY,
  series_id   int NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  filename    text,
  rows        int NOT NULL,
  inserted    int NOT NULL,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Partitions exported by retention before being dropped: where their rows went.
CREATE TABLE partition_exports (
  partition_name  text PRIMARY KEY,
  range_from      bigint NOT NULL,
  range_to        bigint NOT NULL,
  rows            bigint NOT NULL,
  file_path       text NOT NULL,
  exported_at     timestamptz NOT NULL DEFAULT now()
);
