// Makes an existing, verified account an administrator (there is deliberately no API for this).
// Usage: npm exec -- node services/auth/src/cli/grant-admin.ts someone@example.com
import { createPool, loadConfig, platformConfigSchema } from '@strata/platform';

const email = process.argv[2];
const platform = loadConfig(platformConfigSchema);
if (!email || !platform.DATABASE_URL) {
  console.error('usage: grant-admin.ts <email>  (DATABASE_URL must be set)');
  process.exit(2);
}
const pool = createPool(platform.DATABASE_URL, 1);
try {
  const { rows } = await pool.query(
    `UPDATE auth.users SET role = 'admin', updated_at = now() WHERE lower(email) = lower($1) AND email_verified_at IS NOT NULL RETURNING id`,
    [email],
  );
  if (!rows[0]) {
    console.error(`no verified account with email ${email}`);
    process.exitCode = 1;
  } else {
    await pool.query(`INSERT INTO auth.audit_events (user_id, type, details) VALUES ($1, 'role_changed', '{"to":"admin","by":"cli"}')`, [rows[0].id]);
    console.log(JSON.stringify({ userId: rows[0].id, role: 'admin' }));
  }
} finally {
  await pool.end();
}
