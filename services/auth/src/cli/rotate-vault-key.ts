// Re-encrypts every stored exchange credential under the active vault key.
// Usage: put the new key FIRST in VAULT_KEYS (keep the old ones after it), then
//   npm exec -- node services/auth/src/cli/rotate-vault-key.ts
// When it reports 0 remaining, the old keys can be removed from VAULT_KEYS.
import { Keyring, createPool, loadConfig, platformConfigSchema } from '@strata/platform';
import { authConfigSchema } from '../config.ts';
import { rotateVaultKey } from '../domain/vault.ts';

const platform = loadConfig(platformConfigSchema);
const auth = loadConfig(authConfigSchema);
if (!platform.DATABASE_URL) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const pool = createPool(platform.DATABASE_URL, 2);
try {
  const keyring = new Keyring(auth.VAULT_KEYS);
  const result = await rotateVaultKey(pool, keyring);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM auth.exchange_credentials WHERE key_id <> $1', [keyring.activeKid]);
  console.log(JSON.stringify({ activeKeyId: keyring.activeKid, reencrypted: result.reencrypted, failed: result.failed, remaining: rows[0].n }));
  // Rows no key opens need a person: they are tampered or their key is gone.
  if (result.failed.length > 0) process.exitCode = 1;
} finally {
  await pool.end();
}
