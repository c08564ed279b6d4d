// test/browser: what the browser tests share: Debian's Chromium driven by playwright-core (no browser is
// downloaded), axe-core injected from node_modules into every step, and a screenshot of every step at a phone's
// and a laptop's size under .signet/screenshots/ (git-ignored) for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { signet } from '../helpers/api.js';

/** The system Chromium (Debian's `chromium` package), or CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests run: always under CI (a missing Chromium then fails them), elsewhere only when
 * Chromium is installed. `.ci/run` installs it.
 */
const browserTestsRun = (): boolean => process.env.CI === 'true' || existsSync(CHROMIUM);

const SKIP_REASON = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH; under CI=true they run and fail instead)`;

/** A browser suite's title; when the suite is skipped, it carries why (and the reason is printed once). */
const suiteTitle = (title: string): string => {
  if (browserTestsRun()) return title;
  process.stderr.write(`${SKIP_REASON}\n`);
  return `${title} (${SKIP_REASON})`;
};

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = join(repositoryRoot, '.signet/screenshots');
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Where axe-core is answered from node_modules: a path of the page's origin that the page itself never uses. */
const AXE_URL = '/__test/axe.min.js';
const AXE_URL_PATTERN = '**/__test/axe.min.js';

/** The two sizes every step is photographed at. */
const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1280, height: 800 },
} as const;

/** The narrowest layout the page must reflow to (WCAG 1.4.10). */
const NARROW = { width: 320, height: 640 } as const;

const launch = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

/** A fresh context at phone size in `locale`, every console error and page error collected. */
const openPage = async (
  browser: Browser,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> => {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  // Chromium logs every 4xx as a console error; the API's refusals are expected, a missing file of the page is not.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && !path.startsWith('/v1/')) problems.push(`${response.status()}: ${path}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(signet().apiUrl) && !request.url().startsWith('blob:'))
      problems.push(`request elsewhere: ${request.url()}`);
  });
  return { context, page, problems };
};

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core's serious and critical violations of the page as it is now (WCAG 2.0-2.2 A and AA rules). */
const axeViolations = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    // The page's CSP refuses inline script, so axe comes as a file of the page's own origin, answered by the test.
    await page.route(AXE_URL_PATTERN, (route) =>
      route.fulfill({ path: AXE_SCRIPT, contentType: 'text/javascript' }),
    );
    await page.addScriptTag({ url: AXE_URL });
  }
  const violations = (await page.evaluate(`window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }).then((result) => result.violations)`)) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
};

/** Checks a step: its heading has focus when `focused`, axe finds nothing serious, and both screenshots are taken. */
const step = async (page: Page, name: string, options: { heading?: string | RegExp } = {}): Promise<void> => {
  if (options.heading !== undefined) {
    try {
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toMatch(options.heading);
    } catch (error) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `FAILED-${name}.png`), fullPage: true });
      throw error;
    }
  }
  expect(await axeViolations(page), `axe on step "${name}"`).toEqual([]);
  await mkdir(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? VIEWPORTS.phone;
  // 320 CSS pixels: a small phone, or a 640 px window at 200% zoom. Nothing may need a sideways scroll.
  await page.setViewportSize(NARROW);
  expect(
    await page.evaluate('document.documentElement.scrollWidth'),
    `width of step "${name}" at 320 px`,
  ).toBeLessThanOrEqual(NARROW.width);
  // The phone's first screen alone, small enough for the README (shared/page/docs/ holds two of them).
  await page.setViewportSize(VIEWPORTS.phone);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone-first-screen.png`) });
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${label}-${size.width}x${size.height}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(original);
};

/** The text of the element(s) a control's aria-describedby names. */
const descriptionOf = async (control: Locator): Promise<string> => {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter((id) => id !== '')
      .map((id) => control.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
};

/** The element that has focus, as `tag#id` or its text. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(
    '(() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}:${(e.textContent || "").trim().slice(0, 40)}` : "" })()',
  ) as Promise<string>;

export {
  axeViolations,
  browserTestsRun,
  CHROMIUM,
  descriptionOf,
  focused,
  launch,
  openPage,
  SCREENSHOTS,
  SKIP_REASON,
  step,
  suiteTitle,
  VIEWPORTS,
};
