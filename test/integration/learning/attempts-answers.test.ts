import { expect } from 'chai';
import type { TestServer } from '../../helpers/app.ts';
import { attemptSuite } from '../../helpers/attempt-suite.ts';
import { Browser } from '../../helpers/browser.ts';
import {
  answerAll,
  answerFields,
  finishAttempt,
  minutes,
  startAttempt,
  storedAttempt,
} from '../../helpers/learning.ts';

describe('quiz attempts over HTTP', () => {
  const suite = attemptSuite();
  const { clock, learner, snapshot } = suite;
  let server: TestServer;
  let courseId: string;
  before(() => {
    ({ server, courseId } = suite);
  });



  describe('POST /learn/attempts/:id/answers', () => {
    it('saves an answer before it answers, and moves to the next question', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const q = attempt.questions[0]!;
      const saved = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) });
      expect(saved.status).to.equal(303);
      expect(saved.location).to.match(/questions\/2$/);
      const after = await storedAttempt(server.db, id);
      expect(after.seq).to.equal(1);
      expect(after.answers[q.id]).to.be.an('object');
    });

    it('takes the same answer sent twice (a double tap) as saved, and a different one on an old page as stale', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const [q] = (await storedAttempt(server.db, id)).questions;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const form = { _csrf: Browser.csrf(page), seq: '0', q: q!.id, ...answerFields(q!) };
      expect((await browser.post(`/learn/attempts/${id}/answers`, form)).status).to.equal(303);
      const again = await browser.post(`/learn/attempts/${id}/answers`, form);
      expect(again.status).to.equal(303);
      expect(again.location).to.match(/questions\/2$/);
      expect((await storedAttempt(server.db, id)).seq).to.equal(1);
      expect((await browser.post(`/learn/attempts/${id}/answers`, { ...form, ...answerFields(q!, false) })).status).to.equal(409);
    });

    it('takes the same answer sent several times at once (taps while the first is in flight) as saved, every one of them', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const [q] = (await storedAttempt(server.db, id)).questions;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const form = { _csrf: Browser.csrf(page), seq: '0', q: q!.id, ...answerFields(q!) };
      const taps = await Promise.all(Array.from({ length: 6 }, () => browser.post(`/learn/attempts/${id}/answers`, form)));
      expect(taps.map((t) => t.status)).to.deep.equal(taps.map(() => 303));
      for (const tap of taps) expect(tap.location).to.match(/questions\/2$/);
      const stored = await storedAttempt(server.db, id);
      expect(stored.seq).to.equal(1);
      // a different answer sent at once with the same seq is not the same post: one of them is stale
      const page2 = await browser.get(`/learn/attempts/${id}/questions/1`);
      const racing = await Promise.all([true, false].map((first) => browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page2), seq: '1', q: q!.id, ...answerFields(q!, first) })));
      expect(racing.map((r) => r.status).sort()).to.deep.equal([303, 409]);
      expect((await storedAttempt(server.db, id)).seq).to.equal(2);
    });

    it('saves as JSON for the autosave script and returns the new seq', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const q = attempt.questions[0]!;
      const res = await browser.postJson(`/learn/attempts/${id}/answers`, { seq: 0, q: q.id, ...answerFields(q) }, { 'x-csrf-token': Browser.csrf(page) });
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.text)).to.deep.equal({ saved: true, seq: 1 });
    });

    it('keeps the open attempt\'s progress within a few saves of the log when the learner only saves, and leaves the attempt itself unwritten', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const q = attempt.questions[0]!;
      for (let seq = 0; seq < 17; seq += 1) {
        const res = await browser.postJson(`/learn/attempts/${id}/answers`, { seq, q: q.id, ...answerFields(q, seq % 2 === 0) }, { 'x-csrf-token': Browser.csrf(page) });
        expect(res.status).to.equal(200);
      }
      // another server that never saw the attempt reads one entry after the progress, not seventeen
      const progress = await server.db.db!.collection<{ _id: string; seq: number; answers: Record<string, unknown> }>('attempt_progress').findOne({ _id: id });
      expect(progress!.seq).to.equal(16);
      expect(Object.keys(progress!.answers)).to.deep.equal([q.id]);
      // the attempt, with its drawn questions, is written again only when it finishes
      const stored = await server.db.db!.collection<{ _id: string; seq: number }>('attempts').findOne({ _id: id });
      expect(stored!.seq).to.equal(0);
      expect((await storedAttempt(server.db, id)).seq).to.equal(17);
    });

    it('refuses a score sent by the client, and changes nothing', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const before = await snapshot(id);
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const csrf = Browser.csrf(page);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const json = await browser.postJson(`/learn/attempts/${id}/answers`, { seq: 0, q: q.id, score: 100 }, { 'x-csrf-token': csrf });
      expect(json.status).to.equal(400);
      expect(JSON.parse(json.text).error.message).to.be.a('string').and.not.equal('');
      const form = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '0', q: q.id, score: '100', passed: 'true' });
      expect(form.status).to.equal(400);
      const finish = await browser.postJson(`/learn/attempts/${id}/finish`, { seq: 0, score: 100 }, { 'x-csrf-token': csrf });
      expect(finish.status).to.equal(400);
      expect(await snapshot(id)).to.equal(before);
    });

    it('refuses answers to another user’s attempt as if it did not exist', async () => {
      const owner = await learner();
      const id = await startAttempt(owner.browser, courseId);
      const before = await snapshot(id);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const other = await learner();
      const page = await other.browser.get('/learn');
      const res = await other.browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) });
      expect(res.status).to.equal(404);
      expect((await other.browser.get(`/learn/attempts/${id}/questions/1`)).status).to.equal(404);
      const finish = await other.browser.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(page), seq: '0' });
      expect(finish.status).to.equal(404);
      expect(await snapshot(id)).to.equal(before);
    });

    it('refuses an option id that does not exist, with a localised message, and keeps the attempt intact', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const before = await snapshot(id);
      const q = (await storedAttempt(server.db, id)).questions.find((x) => x.type === 'single')!;
      const n = (await storedAttempt(server.db, id)).questions.indexOf(q) + 1;
      const page = await browser.get(`/learn/attempts/${id}/questions/${n}?lang=ru`);
      const res = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, [`a_${q.id}`]: 'zzzzz' });
      expect(res.status).to.equal(400);
      expect(res.$('[role=alert]').text()).to.contain('Такого варианта ответа нет в вашей попытке');
      // the page shows the question again, with the form still usable
      expect(res.$('form.quiz-form input[name=seq]').val()).to.equal('0');
      const packageId = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, [`a_${q.id}`]: 'a' });
      expect(packageId.status).to.equal(400);
      expect(await snapshot(id)).to.equal(before);
    });

    it('refuses an answer to a question outside the attempt', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const before = await snapshot(id);
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const res = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: 'q99', a_q99: 'true' });
      expect(res.status).to.equal(400);
      expect(await snapshot(id)).to.equal(before);
    });

    it('refuses a replayed old form without harm', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const form = { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) };
      expect((await browser.post(`/learn/attempts/${id}/answers`, form)).status).to.equal(303);
      const before = await snapshot(id);
      const replay = await browser.post(`/learn/attempts/${id}/answers`, { ...form, ...answerFields(q, false) });
      expect(replay.status).to.equal(409);
      expect(replay.$('[role=alert]').text().trim()).not.to.equal('');
      expect(await snapshot(id)).to.equal(before);
    });

    it('takes no post after the deadline, leads to the result, and grades the answers saved by then', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const [first, second] = attempt.questions;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const csrf = Browser.csrf(page);
      expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '0', q: first!.id, ...answerFields(first!) })).status).to.equal(303);
      clock.advance(minutes(10) + 1000);
      const late = await browser.post(`/learn/attempts/${id}/answers?lang=en`, { _csrf: csrf, seq: '1', q: second!.id, ...answerFields(second!) });
      expect(late.status).to.equal(303);
      const result = await browser.get(late.location!);
      expect(result.status).to.equal(200);
      expect(result.$('.notice-info').text()).to.match(/time/i);
      const after = await storedAttempt(server.db, id);
      expect(after.state).to.equal('finished');
      expect(after.finishedBy).to.equal('deadline');
      expect(new Date(after.finishedAt!).getTime()).to.equal(new Date(attempt.deadline).getTime());
      expect(Object.keys(after.answers)).to.deep.equal([first!.id]);
      expect(after.score).to.equal(20);
      clock.advance(minutes(31));
    });

    it('takes no post to a finished attempt: a late save or a second Finish leads to the result', async () => {
      const { browser, user } = await learner();
      const id = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, id);
      expect((await finishAttempt(browser, id, seq)).status).to.equal(303);
      const before = await snapshot(id);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const page = await browser.get('/learn');
      const res = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: String(seq), q: q.id, ...answerFields(q, false) });
      expect(res.status).to.equal(303);
      expect(res.location).to.match(new RegExp(`/learn/attempts/${id}$`));
      const again = await browser.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(page), seq: String(seq) });
      expect(again.status).to.equal(303);
      const result = await browser.get(again.location!);
      expect(result.status).to.equal(200);
      expect(result.$('.notice-info').length).to.equal(1);
      expect(await snapshot(id)).to.equal(before);
      expect(user.doc._id).to.exist;
    });
  });
});
