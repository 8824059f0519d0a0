import { expect } from 'chai';
import type { TestServer } from '../../helpers/app.ts';
import { attemptSuite } from '../../helpers/attempt-suite.ts';
import { Browser } from '../../helpers/browser.ts';
import { signIn } from '../../helpers/users.ts';
import {
  answerAll,
  answerFields,
  finishAttempt,
  startAttempt,
  storedAttempt,
  entryCount,
} from '../../helpers/learning.ts';

describe('quiz attempts over HTTP', () => {
  const suite = attemptSuite();
  const { learner } = suite;
  let server: TestServer;
  let courseId: string;
  before(() => {
    ({ server, courseId } = suite);
  });

  describe('POST /learn/attempts/:id/finish', () => {
    it('grades once when two finishes race', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, id, (q) => q !== 'q01');
      const page = await browser.get(`/learn/attempts/${id}`);
      const csrf = Browser.csrf(page);
      const results = await Promise.all([1, 2, 3].map(() => browser.post(`/learn/attempts/${id}/finish`, { _csrf: csrf, seq: String(seq) })));
      expect(results.filter((r) => r.status === 303)).to.have.length.greaterThan(0);
      for (const r of results) expect([303, 409]).to.include(r.status);
      const attempt = await storedAttempt(server.db, id);
      expect(attempt.state).to.equal('finished');
      expect(attempt.score).to.equal(80);
      expect(attempt.passed).to.equal(true);
      // one finish in the log, whatever the number of racing requests
      expect(await server.db.db!.collection('attempt_entries').countDocuments({ attemptId: id, kind: 'finish' })).to.equal(1);
      const result = await browser.get(`/learn/attempts/${id}`);
      expect(result.status).to.equal(200);
      expect(result.text).to.contain('80%');
    });

    it('refuses a finish from an out-of-date overview', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, id);
      const res = await finishAttempt(browser, id, seq - 1);
      expect(res.status).to.equal(409);
      expect((await storedAttempt(server.db, id)).state).to.equal('in_progress');
    });
  });

  describe('racing posts', () => {
    it('keeps exactly one of several saves made from the same page', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const q = (await storedAttempt(server.db, id)).questions.find((x) => x.type === 'single')!;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const csrf = Browser.csrf(page);
      const tokens = q.choices.map((c) => c.token);
      const results = await Promise.all(tokens.map((token) => browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '0', q: q.id, [`a_${q.id}`]: token })));
      const won = results.map((r, i) => ({ status: r.status, token: tokens[i]! })).filter((r) => r.status === 303);
      expect(won).to.have.length(1);
      for (const r of results) expect([303, 409]).to.include(r.status);
      const after = await storedAttempt(server.db, id);
      expect(after.seq).to.equal(1);
      expect(await entryCount(server.db, id)).to.equal(1);
      const winner = q.choices.find((c) => c.token === won[0]!.token)!.ref;
      expect(after.answers[q.id]).to.deep.equal({ picks: [winner] });
    });

    it('never loses an acknowledged answer when a save races a finish', async () => {
      for (let round = 0; round < 3; round += 1) {
        const { browser } = await learner();
        const id = await startAttempt(browser, courseId);
        const attempt = await storedAttempt(server.db, id);
        const q = attempt.questions[0]!;
        const page = await browser.get(`/learn/attempts/${id}`);
        const csrf = Browser.csrf(page);
        const [save, finish] = await Promise.all([
          browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '0', q: q.id, ...answerFields(q) }),
          browser.post(`/learn/attempts/${id}/finish`, { _csrf: csrf, seq: '0' }),
        ]);
        const after = await storedAttempt(server.db, id);
        if (save.status === 303) {
          expect(after.answers[q.id], 'an acknowledged answer').to.be.an('object');
          if (after.state === 'finished') expect(after.results.find((r) => r.id === q.id)!.credit).to.equal(1);
          expect(finish.status).to.be.oneOf([303, 409]);
        } else {
          expect(save.status).to.equal(409);
          expect(finish.status).to.equal(303);
          expect(after.state).to.equal('finished');
          expect(after.answers[q.id]).to.equal(undefined);
        }
      }
    });
  });

  describe('resuming', () => {
    it('returns to the same attempt with its answers and deadline after logging out and in', async () => {
      const { user, browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const q = attempt.questions[0]!;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) });
      const deadline = page.$('[data-deadline]').attr('data-deadline');
      await browser.post('/logout', { _csrf: Browser.csrf(page) });
      expect((await browser.get(`/learn/attempts/${id}/questions/1`)).status).to.equal(401);

      const again = await signIn(server.url, user.iin, user.password);
      const quiz = await again.get(`/learn/courses/${courseId}/modules/01-basics/quiz`);
      const resume = quiz.$(`a[href$="/learn/attempts/${id}/questions/1"]`);
      expect(resume.length).to.equal(1);
      expect(await startAttempt(again, courseId)).to.equal(id);
      const back = await again.get(`/learn/attempts/${id}/questions/1`);
      expect(back.$('[data-deadline]').attr('data-deadline')).to.equal(deadline);
      expect(back.$('input:checked, option[selected]').length).to.be.greaterThan(0);
      expect(back.$('input[name=seq]').val()).to.equal('1');
    });
  });
});
