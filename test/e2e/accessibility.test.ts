import { expect } from 'chai';
import type { Browser as PwBrowser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/app.ts';
import { expectAccessible, launchChromium, phoneViewport, signedInPage } from '../helpers/chromium.ts';
import { createUser } from '../helpers/users.ts';

describe('pages in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  before(async () => {
    server = await startTestServer({ mount: '/training' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs a teacher in and out with JavaScript switched off', async () => {
    const user = await createUser(server.db);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?lang=ru`);
    await page.getByLabel('ИИН или электронная почта').fill(user.iin);
    await page.getByLabel('Пароль').fill(user.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.goto(`${server.url}/profile`);
    expect(await page.locator('h1').textContent()).to.equal('Мой профиль');
    expect(await page.content()).to.contain('Сәрсенбаева');
    await page.getByRole('button', { name: 'Выйти' }).click();
    expect(new URL(page.url()).pathname).to.equal('/training/');
    await context.close();
  });

  it('shows form errors to a browser without JavaScript, next to the field', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/register?lang=kk`);
    await page.getByLabel('ЖСН').fill('123');
    await page.getByRole('button', { name: 'Тіркелгі жасау' }).click();
    expect(await page.locator('#form-errors').textContent()).to.contain('ЖСН');
    expect(await page.locator('#f-iin').getAttribute('aria-invalid')).to.equal('true');
    await context.close();
  });

  for (const [path, signedIn] of [
    ['/?lang=kk', false],
    ['/?lang=ru', false],
    ['/login?lang=en', false],
    ['/register?lang=kk', false],
    ['/password/forgot?lang=ru', false],
    ['/no-such-page?lang=kk', false],
    ['/profile?lang=kk', true],
    ['/admin/users?lang=ru', true],
    ['/reports/dashboard?lang=ru', true],
    ['/reports/roster?lang=kk', true],
  ] as const) {
    it(`meets WCAG 2.1 AA (axe-core) on ${path}${signedIn ? ' as an admin' : ''}`, async () => {
      const { context, page } = signedIn
        ? await signedInPage(browser, server.url, await createUser(server.db, { role: 'admin' }))
        : await browser.newContext({ viewport: phoneViewport }).then(async (c) => ({ context: c, page: await c.newPage() }));
      await page.goto(`${server.url}${path}`);
      await expectAccessible(page, path);
      // at 360 px only a table or a chart scrolls sideways, in its own box, never the page (WCAG 1.4.10)
      await page.setViewportSize({ width: 360, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} at 360 px`).to.be.at.most(0);
      await context.close();
    });
  }
});
