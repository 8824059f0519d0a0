// Papercuts checked in a real browser at phone width: the folded header menu with and without
// JavaScript, the show-password toggle, the mark-as-read countdown, and WCAG 2.1 AA on the new pages.
import { expect } from 'chai';
import type { Browser as PwBrowser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/app.ts';
import { expectAccessible, launchChromium, phoneViewport, signedInPage } from '../helpers/chromium.ts';
import { createUser } from '../helpers/users.ts';
import { learningCourseId, publishLearningCourse } from '../helpers/learning.ts';

describe('papercut fixes in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  let courseId: string;
  before(async () => {
    server = await startTestServer({ mount: '/training' });
    courseId = learningCourseId('pc');
    await publishLearningCourse(server.db, courseId);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`folds the header into a menu on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}, and shows it on a wide screen`, async () => {
      const user = await createUser(server.db, { lang: 'kk' });
      const { context, page } = await signedInPage(browser, server.url, user, { javaScriptEnabled });
      await page.goto(`${server.url}/learn?lang=kk`);
      const height = await page.locator('header.site-header').evaluate((el) => el.getBoundingClientRect().height);
      expect(height, 'header height on a phone').to.be.at.most(80);
      expect(await page.getByRole('link', { name: 'Каталог курсов' }).or(page.locator('.nav a').nth(1)).first().isVisible()).to.equal(false);
      await page.locator('.site-menu > summary').click();
      expect(await page.locator('.nav a').nth(1).isVisible()).to.equal(true);
      expect(await page.locator('.lang-switch a[hreflang=ru]').isVisible()).to.equal(true);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.reload();
      expect(await page.locator('.site-menu > summary').isVisible()).to.equal(false);
      expect(await page.locator('.nav a').nth(1).isVisible()).to.equal(true);
      await context.close();
    });
  }

  it('toggles a password field to text and back with JavaScript, and passes axe on the register and privacy pages', async () => {
    const context = await browser.newContext({ viewport: phoneViewport });
    const page = await context.newPage();
    await page.goto(`${server.url}/register?lang=kk`);
    const toggle = page.getByRole('button', { name: 'Құпиясөзді көрсету' }).first();
    await toggle.click();
    expect(await page.locator('#f-password').getAttribute('type')).to.equal('text');
    expect(await toggle.getAttribute('aria-pressed')).to.equal('true');
    await toggle.click();
    expect(await page.locator('#f-password').getAttribute('type')).to.equal('password');
    await expectAccessible(page, 'register with consent');
    await page.getByRole('button', { name: 'Тіркелгі жасау' }).click();
    expect(await page.locator('#f-consent').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(page, 'register with errors');
    await page.goto(`${server.url}/privacy?lang=ru`);
    await expectAccessible(page, 'privacy');
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/training/learn')}&lang=ru`);
    await expectAccessible(page, 'login with notice');
    await context.close();
  });

  it('scrolls a wide lesson table inside its own box on a phone, not the whole page', async () => {
    const wide = learningCourseId('wide');
    const table = `\n\n| Белгісі | Жанжал | Буллинг |\n| --- | --- | --- |\n${'| Күштің арақатынасы мен қайталануы | шамамен тең және анда-санда болатын жағдай | бір жағы анық күшті, қайталанады, жүйелі түрде |\n'.repeat(3)}`;
    await publishLearningCourse(server.db, wide, '1.0.0', (name, text) => (name.endsWith('01-welcome.kk.md') ? text + table : text));
    const user = await createUser(server.db, { lang: 'kk' });
    const { context, page } = await signedInPage(browser, server.url, user);
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${server.url}/learn/courses/${wide}`);
    await page.locator(`form[action$="/enrol"] button`).click();
    await page.goto(`${server.url}/learn/courses/${wide}/modules/01-basics/lessons/01-welcome?lang=kk`);
    expect(await page.locator('.lesson-body .table-scroll table').count()).to.equal(1);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth, box: document.querySelector('.lesson-body .table-scroll')!.scrollWidth }));
    expect(widths.page, 'the page does not scroll sideways').to.be.at.most(widths.view);
    expect(widths.box, 'the table scrolls in its box').to.be.above(widths.view - 40);
    await expectAccessible(page, 'lesson with a wide table');
    await context.close();
  });

  it('goes back from a success to the form, never to a "resend the form?" page, after a refused post', async () => {
    const user = await createUser(server.db, { lang: 'ru' });
    const { context, page } = await signedInPage(browser, server.url, user);
    await page.goto(`${server.url}/profile/password?lang=ru`);
    // refused: the confirmation differs; the page answered to the post shows the errors
    await page.locator('#f-currentPassword').fill(user.password);
    await page.locator('#f-password').fill('Жаңа-құпия-сөз-2026');
    await page.locator('#f-passwordConfirm').fill('Жаңа-құпия-сөз-2027');
    await page.locator('form:has(#f-password) button[type=submit]').click();
    expect(await page.locator('#form-errors').isVisible()).to.equal(true);
    // the summary has the focus, and the title says there is an error
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('form-errors');
    expect(await page.title()).to.match(/^Ошибка: /);
    // the address bar names the form's page, which a reload or a back asks for again
    expect(new URL(page.url()).pathname).to.equal('/training/profile/password');
    // then done right: a success (the profile, with its flash)
    await page.locator('#f-currentPassword').fill(user.password);
    await page.locator('#f-password').fill('Жаңа-құпия-сөз-2026');
    await page.locator('#f-passwordConfirm').fill('Жаңа-құпия-сөз-2026');
    await page.locator('form:has(#f-password) button[type=submit]').click();
    await page.waitForURL(/\/training\/profile$/);
    // back: the form afresh, without its old errors and without a resubmission prompt
    const back = await page.goBack();
    expect(back?.request().method()).to.equal('GET');
    expect(back?.status()).to.equal(200);
    expect(await page.locator('#f-password').count()).to.equal(1);
    expect(await page.locator('#form-errors').count()).to.equal(0);
    await context.close();
  });

  it('counts down on the mark-as-read button and shows the neutral notice, meeting WCAG 2.1 AA', async () => {
    const user = await createUser(server.db, { lang: 'kk' });
    const { context, page } = await signedInPage(browser, server.url, user);
    await page.goto(`${server.url}/learn/courses/${courseId}`);
    await page.locator(`form[action$="/enrol"] button`).click();
    await page.goto(`${server.url}/learn/courses/${courseId}/modules/01-basics/lessons/01-welcome?lang=kk`);
    await page.waitForFunction(() => /\(\d+:\d\d\)/.test(document.querySelector('.mark-read .countdown')?.textContent ?? ''));
    expect(await page.locator('.mark-read .notice').textContent()).to.match(/\d\d:\d\d-(ден|тен|дан|тан|нан) бастап/);
    await expectAccessible(page, 'lesson with notice');
    await page.getByRole('button', { name: 'Оқылды деп белгілеу' }).click();
    expect(await page.locator('[role=alert]').count()).to.equal(0);
    // the refusal came from the form's own address (…/read); the address bar names the lesson, so
    // a reload shows the lesson, not a "resend the form?" prompt
    expect(new URL(page.url()).pathname).to.equal(`/training/learn/courses/${courseId}/modules/01-basics/lessons/01-welcome`);
    const reloaded = await page.reload();
    expect(reloaded?.request().method()).to.equal('GET');
    expect(reloaded?.status()).to.equal(200);
    await context.close();
  });
});
