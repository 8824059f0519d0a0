// The learning pages in a real browser: a teacher takes a quiz with JavaScript switched off, the
// optional script saves answers as they change, and every page passes axe-core's WCAG 2.1 AA
// rules at phone width.
import { expect } from 'chai';
import type { Browser as PwBrowser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/app.ts';
import { expectAccessible, launchChromium, signedInPage } from '../helpers/chromium.ts';
import { createUser } from '../helpers/users.ts';
import { learningCourseId, MovableClock, publishLearningCourse, storedAttempt } from '../helpers/learning.ts';

describe('learning pages in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: PwBrowser;
  const clock = new MovableClock();
  let courseId: string;

  before(async () => {
    server = await startTestServer({ mount: '/training', clock });
    courseId = learningCourseId('e2e');
    await publishLearningCourse(server.db, courseId);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(options: { javaScriptEnabled: boolean; role?: 'teacher' | 'admin' }): Promise<{ context: BrowserContext; page: Page }> {
    const user = await createUser(server.db, { role: options.role ?? 'teacher', lang: 'kk' });
    return signedInPage(browser, server.url, user, options);
  }

  for (const javaScriptEnabled of [false, true]) {
  it(`takes a teacher from the catalogue through lessons and a quiz to the result, with JavaScript ${javaScriptEnabled ? 'on, meeting WCAG 2.1 AA on every page' : 'off'}`, async () => {
    const { context, page } = await signedIn({ javaScriptEnabled });
    // axe-core runs in the page, so it can only check pages with JavaScript on
    const accessible = javaScriptEnabled ? expectAccessible : async () => undefined;
    await page.goto(`${server.url}/learn/catalogue?lang=ru`);
    await accessible(page, 'catalogue');
    await page.locator(`form[action$="/learn/courses/${courseId}/enrol"] button`).click();
    await accessible(page, 'course');
    await page.goto(`${server.url}/learn/courses/${courseId}/modules/01-basics/lessons/01-welcome?lang=ru`);
    await accessible(page, 'lesson');
    clock.advance(61_000);
    await page.getByRole('button', { name: 'Отметить как прочитанный' }).click();
    await page.waitForURL(/lessons\/02-algorithm$/);
    await page.getByRole('link', { name: 'Перейти к тесту модуля' }).click();
    await accessible(page, 'quiz');
    await page.getByRole('button', { name: 'Начать тест' }).click();
    await page.waitForURL(/questions\/1$/);

    const id = /attempts\/([0-9a-f]{24})\//.exec(page.url())![1]!;
    const attempt = await storedAttempt(server.db, id);
    for (const [i, question] of attempt.questions.entries()) {
      await accessible(page, `question (${question.type})`);
      // answer with whatever is first: the point here is the form, not the score
      const choice = page.locator('form.quiz-form input[name^="a_"]').first();
      if (await choice.count()) await choice.check();
      const selects = page.locator('form.quiz-form select');
      for (let k = 0; k < (await selects.count()); k += 1) await selects.nth(k).selectOption({ index: k + 1 });
      await page.locator('form.quiz-form button[value=next]').click();
      await page.waitForURL(i + 1 < attempt.questions.length ? new RegExp(`questions/${i + 2}$`) : new RegExp(`attempts/${id}$`));
    }
    await accessible(page, 'overview');
    expect(await page.locator('.question-list strong').count(), 'unanswered questions').to.equal(0);
    await page.getByRole('button', { name: 'Завершить и отправить' }).click();
    await page.waitForURL(new RegExp(`attempts/${id}$`));
    await accessible(page, 'result');
    expect(await page.locator('.result-score').textContent()).to.match(/\d+(\.\d)?%/);
    await page.goto(`${server.url}/learn?lang=ru`);
    await accessible(page, 'dashboard');
    await context.close();
  });
  }

  /** Signs a teacher in with JavaScript on, reads module 1 and starts its quiz; the page is on question 1. */
  async function startedQuiz(): Promise<{ context: BrowserContext; page: Page; id: string }> {
    const { context, page } = await signedIn({ javaScriptEnabled: true });
    await page.goto(`${server.url}/learn/courses/${courseId}`);
    await page.locator(`form[action$="/learn/courses/${courseId}/enrol"] button`).click();
    await page.goto(`${server.url}/learn/courses/${courseId}/modules/01-basics/lessons/01-welcome?lang=en`);
    clock.advance(61_000);
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await page.goto(`${server.url}/learn/courses/${courseId}/modules/01-basics/quiz?lang=en`);
    await page.getByRole('button', { name: 'Start the quiz' }).click();
    await page.waitForURL(/questions\/1$/);
    return { context, page, id: /attempts\/([0-9a-f]{24})\//.exec(page.url())![1]! };
  }

  /** Opens, in English, the first question of the attempt's draw that has one of the given types. */
  async function openDrawn(page: Page, id: string, ...types: string[]): Promise<void> {
    const n = (await storedAttempt(server.db, id)).questions.findIndex((q) => types.includes(q.type)) + 1;
    expect(n, `module 1 draws a question of type ${types.join(' or ')}`).to.be.greaterThan(0);
    await page.goto(`${server.url}/learn/attempts/${id}/questions/${n}?lang=en`);
  }

  it('saves an answer as soon as it changes when JavaScript is on, and shows a countdown', async () => {
    const { context, page, id } = await startedQuiz();
    // a single-choice question, so that one change is one save whatever order the draw gave
    // (each select of a matching question is a change of its own, and saves on its own)
    await openDrawn(page, id, 'single', 'truefalse');
    await page.locator('form.quiz-form input[name^="a_"]').first().check();
    await expect_eventually(async () => (await storedAttempt(server.db, id)).seq === 1);
    await expect_eventually(async () => (await page.locator('.autosave-status').textContent()) === 'Saved');
    expect(await page.locator('input[name=seq]').inputValue()).to.equal('1');
    expect(await page.locator('.countdown').textContent()).to.match(/\(\d+:\d\d\)/);
    await context.close();
  });

  it('waits for a whole order before saving it, saying so, and then saves it', async () => {
    const { context, page, id } = await startedQuiz();
    await openDrawn(page, id, 'ordering');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    const places = page.locator('form.quiz-form select[data-order]');
    await places.first().selectOption({ index: 1 });
    expect(await page.locator('.autosave-status').textContent()).to.equal('Give every step its own place to save the order');
    // the same place twice is not an order either
    await places.nth(1).selectOption({ index: 1 });
    expect(posts, 'nothing is sent for an incomplete order').to.deep.equal([]);
    expect((await storedAttempt(server.db, id)).seq).to.equal(0);
    for (let k = 0; k < (await places.count()); k += 1) await places.nth(k).selectOption({ index: k + 1 });
    await expect_eventually(async () => (await page.locator('.autosave-status').textContent()) === 'Saved');
    expect((await storedAttempt(server.db, id)).seq).to.equal(1);
    expect(posts).to.have.length(1);
    await context.close();
  });

  it('meets WCAG 2.1 AA on the assignment page for an admin', async () => {
    const { context, page } = await signedIn({ javaScriptEnabled: true, role: 'admin' });
    await page.goto(`${server.url}/admin/assignments?lang=kk`);
    await expectAccessible(page, 'assignments');
    await context.close();
  });
});

async function expect_eventually(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
