import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core';
import { webDistDir } from '../../apps/api/src/app.factory';

/**
 * Chromium for the browser tests: the Debian package (scripts/lib.sh ensure_chromium), driven by
 * playwright-core, headless, without the sandbox (the tests run as root). Each page records console
 * errors and uncaught exceptions so that a test can assert there were none.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(__dirname, '../../artifacts/screenshots');

export function assertWebAppBuilt(): void {
  if (!existsSync(join(webDistDir(), 'index.html'))) {
    throw new Error(
      `the web app is not built in ${webDistDir()}: run \`npx vite build apps/web\` (npm test and npm run jest do it)`,
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors seen so far, except the expected ones. */
  problems: string[];
  /** Accepts console errors matching pattern (e.g. the 403 the app is expected to meet). */
  expectError: (pattern: RegExp) => void;
  close: () => Promise<void>;
}

/**
 * A fresh browser context (its own sessionStorage and localStorage) on the API under test, on a tablet-sized
 * window (1024 px wide, landscape, unless told otherwise). The browser's own time zone is UTC on purpose: every date on screen must still be in WIB.
 */
export async function openPage(browser: Browser, baseUrl: string, width = 1024): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width, height: 768 },
    timezoneId: 'UTC',
    locale: 'id-ID',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  const expected: RegExp[] = [];
  const describe = (message: ConsoleMessage) => {
    const where = message.location().url;
    return `console.${message.type()}: ${message.text()}${where ? ` (${where})` : ''}`;
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = describe(message);
    if (!expected.some((pattern) => pattern.test(text))) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return {
    page,
    context,
    problems,
    expectError: (pattern) => expected.push(pattern),
    close: () => context.close(),
  };
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/app/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(process.env.GOTONG_TEST_PASSWORD!);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
}

/** Waits until the locator's text matches, and returns it. */
export async function textOf(locator: Locator, pattern: RegExp): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor();
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? '';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** "Kamis, 26 November 2026 07.30 WIB" */
export const WIB_DATE_TIME =
  /(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2} WIB/;
