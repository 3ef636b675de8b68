-- A series cursor says "bars from from_ts up to next_ts are stored". Without the start, a backfill of an
-- earlier range would resume at a cursor left by a later one and skip the bars in between.
ALTER TABLE backfill_cursors ADD COLUMN from_ts bigint;
UPDATE backfill_cursors SET from_ts = next_ts;
ALTER TABLE backfill_cursors ALTER COLUMN from_ts SET NOT NULL;
