// Answer keys never reach the browser: every quiz page, for every question type, is scanned for
// key material before review — explanations, `correct` values, package ids, answer-revealing
// data attributes, and options shown in the key's own order.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser, type Page } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, publishLearningCourse, startAttempt, storedAttempt } from '../../helpers/learning.ts';

interface Text {
  kk: string;
  ru: string;
  en: string;
}
const quiz = parse(readFileSync('test/fixtures/learning/learning-course/modules/01-basics/quiz.yaml', 'utf8')) as {
  questions: { id: string; type: string; explanation: Text; items?: { id: string; text: Text }[]; pairs?: { id: string; left: Text; right: Text }[] }[];
};
const explanations = quiz.questions.flatMap((q) => [q.explanation.kk, q.explanation.ru, q.explanation.en]);
const allowedData = new Set(['data-deadline', 'data-autosave', 'data-saved', 'data-failed', 'data-incomplete', 'data-order', 'data-readable-at', 'data-show-password', 'data-warn5', 'data-warn1', 'data-login', 'data-expired', 'data-expired-link']);

function scanForKeys(page: Page, where: string): void {
  for (const text of explanations) expect(page.text, `${where}: explanation`).not.to.contain(text);
  expect(page.text, `${where}: a correct field`).not.to.match(/["']?correct["']?\s*[:=]/i);
  page.$('*').each((_, el) => {
    for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) {
      if (name.startsWith('data-')) expect(allowedData.has(name), `${where}: ${name}`).to.equal(true);
      // a marker only: an ordering select carries no value of its own
      if (name === 'data-order') expect((el as { attribs: Record<string, string> }).attribs[name], `${where}: ${name}`).to.equal('');
    }
  });
  page.$('script').each((_, el) => {
    expect(page.$(el).attr('src'), `${where}: inline script`).to.be.a('string');
  });
  expect(Buffer.byteLength(page.text), `${where}: size`).to.be.lessThan(40 * 1024);
}

describe('answer keys on quiz pages', () => {
  let server: TestServer;
  const clock = new MovableClock();
  let courseId: string;
  const seenTypes = new Set<string>();

  before(async () => {
    server = await startTestServer({ clock });
    courseId = learningCourseId('keys');
    await publishLearningCourse(server.db, courseId);
  });
  after(async () => server.close());

  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`shows no key material on any question page, for every question type (${lang})`, async () => {
      const user = await createUser(server.db, { lang });
      const browser = await signIn(server.url, user.iin, user.password);
      await enrolAndReadModuleOne(browser, courseId, clock);
      const intro = await browser.get(`/learn/courses/${courseId}/modules/01-basics/quiz?lang=${lang}`);
      scanForKeys(intro, 'quiz page');
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      for (const [i, stored] of attempt.questions.entries()) {
        const page = await browser.get(`/learn/attempts/${id}/questions/${i + 1}`);
        expect(page.status).to.equal(200);
        const where = `${lang} ${stored.type}`;
        scanForKeys(page, where);
        seenTypes.add(stored.type);
        const bank = quiz.questions.find((q) => q.id === stored.id)!;
        const values = page.$('form.quiz-form').find('input[name^="a_"], option').map((_, el) => page.$(el).attr('value')).get().filter(Boolean);
        const names = page.$('form.quiz-form').find('[name^="a_"]').map((_, el) => page.$(el).attr('name')).get();
        // browsers see per-attempt tokens, never the package's option ids
        for (const v of values) expect(v, where).to.match(stored.type === 'ordering' ? /^[1-9]$/ : stored.type === 'truefalse' ? /^(true|false)$/ : /^[a-z2-9]{5}$/);
        for (const n of names) expect(n, where).to.match(new RegExp(`^a_${stored.id}(_[a-z2-9]{5})?$`));
        // every option sits in a fieldset with a legend, and every input has a label
        expect(page.$('fieldset > legend').length, where).to.equal(1);
        page.$('form.quiz-form input[name^="a_"], form.quiz-form select').each((_, el) => {
          expect(page.$(`label[for="${page.$(el).attr('id')}"]`).length, `${where}: label`).to.equal(1);
        });
        if (stored.type === 'ordering') {
          const shown = page.$('form.quiz-form label').map((_, el) => page.$(el).text().trim()).get();
          const keyOrder = bank.items!.map((item) => item.text[lang]);
          expect(shown, `${where}: shown in key order`).not.to.deep.equal(keyOrder);
        }
        if (stored.type === 'matching') {
          const rows = page.$('form.quiz-form label').map((_, el) => page.$(el).text().trim()).get();
          const rights = page.$('form.quiz-form select').first().find('option').map((_, el) => page.$(el).text().trim()).get().slice(1);
          const aligned = rows.map((left) => bank.pairs!.find((p) => p.left[lang] === left)!.right[lang]);
          expect(rights, `${where}: right column lined up with the rows`).not.to.deep.equal(aligned);
        }
      }
      const overview = await browser.get(`/learn/attempts/${id}`);
      scanForKeys(overview, 'overview');
    });
  }

  it('met every question type', () => {
    expect([...seenTypes].sort()).to.deep.equal(['matching', 'multiple', 'ordering', 'single', 'truefalse']);
  });

  it('keeps the correct answers of a failed attempt hidden while attempts remain, and shows explanations after a pass', async () => {
    const user = await createUser(server.db, { lang: 'en' });
    const browser = await signIn(server.url, user.iin, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const first = await startAttempt(browser, courseId);
    await finishAttempt(browser, first, await answerAll(browser, server.db, first, () => false));
    const failed = await browser.get(`/learn/attempts/${first}?lang=en`);
    scanForKeys(failed, 'failed result');
    expect(failed.text).not.to.contain('Correct answer');
    expect(failed.$('.review-item').length).to.equal(5);
    expect(failed.text).to.contain('Wrong');

    clock.advance(31 * 60_000);
    const second = await startAttempt(browser, courseId);
    await finishAttempt(browser, second, await answerAll(browser, server.db, second));
    const passed = await browser.get(`/learn/attempts/${second}?lang=en`);
    expect(passed.text).to.contain('Correct answer');
    expect(passed.text).to.contain(quiz.questions[0]!.explanation.en);
    // once passed, the failed attempt's review may show its keys too
    expect((await browser.get(`/learn/attempts/${first}?lang=en`)).text).to.contain('Correct answer');
    expect(Browser).to.exist;
  });
});
