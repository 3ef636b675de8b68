-- How many strategy log lines the sandbox dropped over its budget (the stored `logs` are then incomplete).
ALTER TABLE logic.backtest_results ADD COLUMN logs_dropped integer NOT NULL DEFAULT 0;
-- GET /backtests?strategyId=: the owner's runs of one strategy, newest first.
CREATE INDEX backtests_owner_strategy_idx ON logic.backtests (owner_id, strategy_id, created_at DESC);
