import { expect } from 'chai';
import type { Browser as PwBrowser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { expectAccessible, launchChromium, phoneViewport, signedInPage } from '../../helpers/chromium.ts';
import { createUser } from '../../helpers/users.ts';
import { certificatesOn, storedCompletion } from '../../integration/certificates/fixtures.ts';

describe('certificate pages in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  let serial: string;
  let code: string;
  let teacher: { email: string; password: string };

  before(async () => {
    server = await startTestServer({ mount: '/training' });
    browser = await launchChromium();
    const { user, subject } = await storedCompletion(server);
    const cert = await certificatesOn(server).services.issuer.issue(subject);
    ({ serial, code } = cert);
    teacher = user;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('verifies a code typed into the form, without JavaScript', async () => {
    // an address of its own: unknown codes looked up by earlier tests on this machine's shared test
    // database count against 127.0.0.1's allowance, and a throttled address sees no certificate
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: phoneViewport, extraHTTPHeaders: { 'x-forwarded-for': '192.0.2.77' } });
    const page = await context.newPage();
    await page.goto(`${server.url}/verify?lang=ru`);
    await page.locator('#f-code').fill(code.toLowerCase());
    await page.locator('form[action$="/verify"] button[type=submit]').click();
    expect(await page.locator('#certificate-status').textContent()).to.equal('Действителен');
    expect(await page.locator('.holder').textContent()).to.equal('Сәрсенбаева Әйгерім');
    await context.close();
  });

  for (const path of ['/verify?lang=kk', '/verify/AAAAAAAAAAAAAAAAAAAB?lang=en']) {
    it(`meets WCAG 2.1 AA (axe-core) on ${path}`, async () => {
      const context = await browser.newContext({ viewport: phoneViewport });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await expectAccessible(page, path);
      await context.close();
    });
  }

  it('meets WCAG 2.1 AA on My certificates and on the admin’s certificate page', async () => {
    const mine = await signedInPage(browser, server.url, teacher);
    await mine.page.goto(`${server.url}/certificates?lang=kk`);
    await expectAccessible(mine.page, '/certificates');
    await mine.page.goto(`${server.url}/verify/${code}?lang=kk`);
    await expectAccessible(mine.page, '/verify/<code>');
    await mine.context.close();
    const admin = await signedInPage(browser, server.url, await createUser(server.db, { role: 'admin' }));
    await admin.page.goto(`${server.url}/admin/certificates/${serial}?lang=kk`);
    expect(await admin.page.locator('h1').textContent()).to.equal(serial);
    await expectAccessible(admin.page, '/admin/certificates/<serial>');
    await admin.page.goto(`${server.url}/admin/certificates?lang=en`);
    await expectAccessible(admin.page, '/admin/certificates');
    await admin.context.close();
  });
});
