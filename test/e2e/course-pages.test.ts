import { expect } from 'chai';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/app.ts';
import { expectAccessible, launchChromium, signedInPage } from '../helpers/chromium.ts';
import { courseId, courseZip } from '../helpers/packages.ts';
import { createUser } from '../helpers/users.ts';
import { miniCourse } from '../helpers/zip.ts';

describe('course package pages in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  let page: Page;
  let noScript: Page;
  let versionPath = '';
  const id = courseId('e2e');

  async function accessible(path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await expectAccessible(page, path);
  }

  before(async () => {
    server = await startTestServer({ mount: '/training' });
    browser = await launchChromium();
    const coordinator = await createUser(server.db, { role: 'coordinator' });
    const signedIn = async (javaScriptEnabled: boolean): Promise<Page> => (await signedInPage(browser, `${server.url}`, coordinator, { javaScriptEnabled })).page;
    // axe needs JavaScript; the forms are also used with it switched off
    page = await signedIn(true);
    noScript = await signedIn(false);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('uploads a package through the form without JavaScript and lands on its preview', async () => {
    await noScript.goto(`${server.url}/coordinator/courses/upload?lang=en`);
    await noScript.getByLabel('Package (.zip)').setInputFiles({ name: `${id}.zip`, mimeType: 'application/zip', buffer: courseZip(id) });
    await noScript.getByRole('button', { name: 'Check and upload' }).click();
    versionPath = new URL(noScript.url()).pathname.replace('/training', '');
    expect(versionPath).to.match(new RegExp(`^/coordinator/courses/${id}/versions/[0-9a-f]{24}$`));
    expect(await noScript.locator('h1').textContent()).to.equal('Mini course');
  });

  it('shows a refused package\'s problems in Kazakh', async () => {
    await page.goto(`${server.url}/coordinator/courses/upload?lang=kk`);
    await page.locator('#package').setInputFiles({ name: 'picture.zip', mimeType: 'application/zip', buffer: miniCourse().get('modules/01-basics/images/algorithm.png')! });
    await page.locator('form[enctype] button[type=submit]').click();
    expect(await page.locator('#form-errors').textContent()).to.contain('атауы .zip болып өзгертілген PNG файлы');
    await expectAccessible(page, 'upload form with an error');
  });

  for (const [label, path] of [
    ['the course list', () => '/coordinator/courses?lang=kk'],
    ['the upload form', () => '/coordinator/courses/upload?lang=ru'],
    ['the version history', () => `/coordinator/courses/${id}?lang=en`],
    ['the course outline preview', () => `${versionPath}?lang=kk`],
    ['a lesson preview with an image', () => `${versionPath}/modules/01-basics/lessons/02-algorithm?lang=ru`],
    ['a quiz preview', () => `${versionPath}/modules/01-basics/quiz?lang=kk`],
  ] as const) {
    it(`meets WCAG 2.1 AA (axe-core) on ${label}, at phone width`, async () => {
      await accessible(path());
    });
  }
});
