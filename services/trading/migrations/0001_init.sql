-- Up Migration
-- Paper and live deployments of strategy versions. The live runner arrives with its own issue; the
-- table exists now so accounts, quotas (liveStrategies) and the web app have one place to look.
CREATE TABLE deployments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id text NOT NULL,
  strategy_id text NOT NULL,
  version_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('paper', 'live')),
  status text NOT NULL DEFAULT 'stopped' CHECK (status IN ('stopped', 'starting', 'running', 'failed')),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deployments_user ON deployments (user_id, created_at DESC);
