import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The gateway serves the built IDE from web/dist. A fresh clone has none, so the first `npm start`
 * builds it (Vite, a minute or two on 2 cores); later starts reuse it (`npm run build` rebuilds).
 * A failed build is reported and the API still starts: the IDE is then missing, nothing else.
 */
export async function ensureWebBuilt(repoRoot: string, distDir: string, say: (line: string) => void): Promise<void> {
  if (existsSync(join(distDir, 'index.html'))) return;
  say('strata: building the web IDE for the first start (about a minute)…');
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', distDir, '--emptyOutDir'], {
      cwd: join(repoRoot, 'web'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c));
  });
  if (code !== 0) say(`strata: the web IDE build failed (exit ${code}); the API runs without it. Try \`npm run build\`.`);
}
