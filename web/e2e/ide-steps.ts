import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(import.meta.dirname, 'screenshots');

/** Debian's chromium, headless; CI needs `apt-get install -y chromium`. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Number of error squiggles Monaco currently draws in the strategy editor. */
export const errorSquiggles = (page: Page) => page.locator('[data-testid="code-editor"] .squiggly-error').count();

/** The user-visible IDE journey, shared by the e2e test (real platform) and the preview script. */
export const steps = {
  async signUp(page: Page, baseUrl: string, email: string, password: string) {
    await page.goto(baseUrl);
    await page.getByRole('button', { name: /create an account/i }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.locator('[data-testid="code-editor"] .monaco-editor').waitFor({ timeout: 30_000 });
  },

  async openTemplate(page: Page, templateId: string) {
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator(`[data-template="${templateId}"]`).click();
    await page.locator('[data-testid="code-editor"] .view-lines').getByText('defineStrategy', { exact: false }).first().waitFor();
    // the TS worker needs a moment for the first full check of the model
    await page.waitForTimeout(2500);
  },

  /** Appends a statement that cannot type-check; returns the squiggle count before and after. */
  async introduceTypeError(page: Page): Promise<{ before: number; after: number }> {
    const before = await errorSquiggles(page);
    await page.locator('[data-testid="code-editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type("const broken: number = 'not a number';", { delay: 5 });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="code-editor"] .squiggly-error').length > n, before, { timeout: 20_000 });
    await page.getByTestId('problems-summary').getByText(/[1-9]\d* errors/).waitFor();
    return { before, after: await errorSquiggles(page) };
  },

  async fixTypeError(page: Page, expected: number) {
    // Shift+Home twice selects the whole (unindented) line in Monaco; then delete it and the newline
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="code-editor"] .squiggly-error').length <= n, expected, { timeout: 20_000 });
  },

  async runBacktest(page: Page) {
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('backtest-results').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="price-chart"] canvas').first().waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Backtest metrics' }).waitFor();
    await page.waitForTimeout(500);
  },
};
