// Headless Debian Chromium driven by playwright-core; never a downloaded browser. Playwright gives
// each launch a fresh, empty profile.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export async function launchChromium(): Promise<PwBrowser> {
  if (!chromiumPath) throw new Error('Debian chromium is not installed (apt-get install chromium); .ci/run installs it');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** The viewport every browser test uses: a common phone. */
export const phoneViewport = { width: 390, height: 844 };

/** A new phone-sized tab, signed in through the login form; the context is the caller's to close. */
export async function signedInPage(browser: PwBrowser, pluginUrl: string, user: { email: string; password: string }, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: phoneViewport, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await page.goto(`${pluginUrl}/login`);
  await page.locator('#f-login').fill(user.email);
  await page.locator('#f-password').fill(user.password);
  await page.locator('form[action$="/login"] button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return { context, page };
}

/** Fails, naming each rule and element, if the page breaks WCAG 2.1 AA or is wider than the phone. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${where}: ${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`)).to.deep.equal([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where}: wider than the phone`).to.be.at.most(0);
}
