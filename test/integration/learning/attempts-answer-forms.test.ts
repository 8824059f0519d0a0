// What the question page does with an answer form as people send it: partly answered matching
// questions, a refused ordering shown as the learner left it, and a button sent twice.
import { expect } from 'chai';
import type { TestServer } from '../../helpers/app.ts';
import { attemptSuite } from '../../helpers/attempt-suite.ts';
import { Browser } from '../../helpers/browser.ts';
import { answerFields, startAttempt, storedAttempt } from '../../helpers/learning.ts';

describe('quiz answer forms', () => {
  const suite = attemptSuite();
  const { learner, snapshot } = suite;
  let server: TestServer;
  let courseId: string;
  before(() => {
    ({ server, courseId } = suite);
  });

    it('lists a matching question with some rows paired as partly answered, not answered', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const questions = (await storedAttempt(server.db, id)).questions;
      const at = questions.findIndex((q) => q.type === 'matching');
      const q = questions[at]!;
      expect(q.rows!.length).to.be.above(1);
      const page = await browser.get(`/learn/attempts/${id}/questions/${at + 1}`);
      const [first] = Object.entries(answerFields(q));
      expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, [first![0]]: first![1] })).status).to.equal(303);
      const row = (await browser.get(`/learn/attempts/${id}?lang=en`)).$('.question-list li').eq(at).text();
      expect(row).to.contain('Partly answered');
      const nav = (await browser.get(`/learn/attempts/${id}/questions/${at + 1}?lang=en`)).$('.question-nav a').eq(at);
      expect(nav.hasClass('is-answered')).to.equal(false);
      expect(nav.text()).to.contain('Partly answered');
      // every row paired: answered
      const again = await browser.get(`/learn/attempts/${id}/questions/${at + 1}`);
      expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(again), seq: '1', q: q.id, ...answerFields(q) })).status).to.equal(303);
      expect((await browser.get(`/learn/attempts/${id}?lang=en`)).$('.question-list li').eq(at).text()).to.contain('Answered').and.not.contain('Partly');
    });

    it('refuses an ordering with two items in one place, and shows the places as the learner left them', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const before = await snapshot(id);
      const questions = (await storedAttempt(server.db, id)).questions;
      const q = questions.find((x) => x.type === 'ordering')!;
      const n = questions.indexOf(q) + 1;
      const page = await browser.get(`/learn/attempts/${id}/questions/${n}?lang=kk`);
      // the right order, but the last item put in the first place too
      const places = answerFields(q);
      const names = Object.keys(places);
      const last = names.find((name) => places[name] === String(names.length))!;
      const sent = { ...places, [last]: '1' };
      const res = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...sent });
      expect(res.status).to.be.within(400, 499);
      expect(res.$('[role=alert]').text()).to.not.equal('');
      const shown = Object.fromEntries(names.map((name) => [name, res.$(`select[name="${name}"] option[selected]`).val()]));
      expect(shown).to.deep.equal(sent);
      expect(await snapshot(id)).to.equal(before);
      // the stored answer (none) is what the page shows on its next plain view
      const again = await browser.get(`/learn/attempts/${id}/questions/${n}`);
      expect(again.$(`select[name="${names[0]}"] option[selected]`).length).to.equal(0);
    });

    it('takes a button sent twice (an old page\'s script on a double tap) as the one button', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const [q] = (await storedAttempt(server.db, id)).questions;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const saved = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q!.id, ...answerFields(q!), go: ['next', 'next'] });
      expect(saved.status).to.equal(303);
      expect(saved.location).to.match(/questions\/2$/);
    });
});
