-- The strategy's ctx.plot lines, downsampled like equity_curve: [{ name, pane, color?, t: [], v: [] }] (null = gap).
ALTER TABLE logic.backtest_results ADD COLUMN plots jsonb NOT NULL DEFAULT '[]'::jsonb;
-- ctx.plot calls the engine ignored (over its caps or malformed).
ALTER TABLE logic.backtest_results ADD COLUMN plots_dropped integer NOT NULL DEFAULT 0;
