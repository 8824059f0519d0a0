// The teacher-import pages in a real browser at phone width: an admin uploads a file and commits it
// with JavaScript off, and the form (with an error), the report and the result pass axe-core's
// WCAG 2.1 AA rules with JavaScript on.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser as PwBrowser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/app.ts';
import { expectAccessible, launchChromium, signedInPage } from '../helpers/chromium.ts';
import { teacherLines, toCsv } from '../helpers/import-files.ts';
import { createUser } from '../helpers/users.ts';

describe('teacher-import pages in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-import-e2e-'));

  before(async () => {
    server = await startTestServer({ mount: '/training' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInAdmin(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const user = await createUser(server.db, { role: 'admin', regionScope: null, lang: 'kk' });
    return signedInPage(browser, server.url, user, { javaScriptEnabled });
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`uploads, reports and commits a teacher list with JavaScript ${javaScriptEnabled ? 'on, meeting WCAG 2.1 AA on every page' : 'off'}`, async () => {
      const { context, page } = await signedInAdmin(javaScriptEnabled);
      const accessible = javaScriptEnabled ? expectAccessible : async () => undefined;
      await page.goto(`${server.url}/admin/import?lang=kk`);
      await accessible(page, 'form');
      const empty = path.join(dir, `empty-${javaScriptEnabled}.csv`);
      writeFileSync(empty, '');
      await page.locator('#f-file').setInputFiles(empty);
      await page.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
      expect(await page.locator('[role=alert]').innerText()).to.contain('Файл бос');
      await accessible(page, 'form with an error');

      const file = path.join(dir, `teachers-${javaScriptEnabled}.csv`);
      const lines = teacherLines(3);
      writeFileSync(file, toCsv([...lines, { ...lines[0]!, email: 'twice@mektep.kz' }]));
      await page.locator('#f-file').setInputFiles(file);
      await page.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
      await page.waitForURL(/\/admin\/import\/[0-9a-f]{24}$/);
      expect(await page.locator('tbody tr').count()).to.equal(2);
      await accessible(page, 'report');
      await page.locator('form[action*="/admin/import/"] button[type=submit]').click();
      await page.waitForURL(/\/admin\/import\/[0-9a-f]{24}$/);
      expect(await page.locator('[role=status]').first().innerText()).to.contain('Импорт');
      await accessible(page, 'result');
      await context.close();
    });
  }
});
