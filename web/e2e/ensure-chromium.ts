import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Vitest global setup: the end-to-end test drives Debian's chromium. On a fresh Debian/Ubuntu machine
 * where we are root, install it with apt-get (never a downloaded browser build); elsewhere the test
 * itself fails with one line saying how to install it.
 */
export default function ensureChromium(): void {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path) || process.env.STRATA_SKIP_E2E === '1') return;
  const debian = existsSync('/etc/os-release') && /ID(_LIKE)?=.*(debian|ubuntu)/i.test(readFileSync('/etc/os-release', 'utf8'));
  if (!debian || process.getuid?.() !== 0) return;
  console.warn('[@strata/web e2e] installing Debian chromium with apt-get (one time)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}
