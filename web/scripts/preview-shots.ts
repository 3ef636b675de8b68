// Looks at the built UI before the backend exists: serves web/dist with the demo API and takes screenshots
// of each screen into web/e2e/screenshots/preview-*.png. Run: npm run build -w web && npm run preview:shots -w web
import { join } from 'node:path';
import { launchChromium, shot, steps } from '../e2e/ide-steps.ts';
import { createDemoApi } from './demo-api.ts';
import { serveDist } from './static-server.ts';

// STRATA_URL=<running platform> looks at the real thing instead of the demo API
const demo = process.env.STRATA_URL ? undefined : await serveDist(join(import.meta.dirname, '../dist'), createDemoApi());
const url = process.env.STRATA_URL ?? demo!.url;
const prefix = process.env.STRATA_URL ? 'platform' : 'preview';
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(url);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await shot(page, `${prefix}-01-login`);
  await steps.signUp(page, url, `author${Date.now()}@example.com`, 'correct horse battery');
  await steps.openTemplate(page, 'sma-crossover');
  await shot(page, `${prefix}-02-template`);
  const errs = await steps.introduceTypeError(page);
  console.log('squiggles', errs);
  await shot(page, `${prefix}-03-type-error`);
  await steps.fixTypeError(page, errs.before);
  await shot(page, `${prefix}-04-fixed`);
  await steps.runBacktest(page);
  await shot(page, `${prefix}-05-results`);
  await page.getByRole('tab', { name: /^Logs/ }).click();
  const logLink = page.getByRole('button', { name: /^Show line \d+ in the editor/ }).first();
  if (await logLink.count()) await logLink.click();
  await shot(page, `${prefix}-06-logs`);
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('backtest-results').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.getByTestId('backtest-results').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.getByRole('tab', { name: 'Past runs' }).click();
  const boxes = page.getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole('table', { name: 'Run comparison' }).waitFor();
  await shot(page, `${prefix}-07-compare`);
  await page.getByRole('tab', { name: 'Optimise' }).click();
  await page.getByLabel('Method').selectOption('random');
  await page.getByLabel('Trials').fill('12');
  await page.getByLabel('Optimise allocation').uncheck();
  await page.getByRole('button', { name: 'Run optimisation' }).click();
  await page.locator('svg.heatmap').or(page.locator('.optimise .error-box')).or(page.getByTestId('error-banner')).first().waitFor({ timeout: 120_000 });
  await shot(page, `${prefix}-08-optimise`);
  if (await page.locator('#wf-h').count()) {
    await page.locator('#wf-h').scrollIntoViewIfNeeded();
    await shot(page, `${prefix}-09-walk-forward`);
  }
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Base' }).first().click();
  await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor();
  await page.waitForTimeout(800);
  await shot(page, `${prefix}-10-history-diff`);
  await page.keyboard.press('Escape');
  await page.goto(`${url}/#/account`);
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByTestId('new-api-key').waitFor();
  await shot(page, `${prefix}-11-account`);
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  const session = await page.evaluate(() => localStorage.getItem('strata.session'));
  await phone.addInitScript((s) => localStorage.setItem('strata.session', s ?? ''), session);
  await phone.goto(url);
  await phone.locator('[data-testid="code-editor"] .monaco-editor').waitFor();
  await phone.waitForTimeout(1500);
  await shot(phone, `${prefix}-12-phone`);
  const down = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await down.addInitScript((s) => localStorage.setItem('strata.session', s ?? ''), session);
  await down.route('**/api/**', (r) => r.abort('connectionrefused'));
  await down.goto(url);
  await down.getByTestId('error-banner').waitFor();
  await shot(down, `${prefix}-13-server-down`);
  console.log('screenshots written');
} finally {
  await browser.close();
  demo?.server.close();
}
