import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { attemptSuite } from '../../helpers/attempt-suite.ts';
import { Browser } from '../../helpers/browser.ts';
import {
  answerAll,
  answerFields,
  finishAttempt,
  minutes,
  startAttempt,
  storedAttempt,
  entryCount,
} from '../../helpers/learning.ts';

describe('quiz attempts over HTTP', () => {
  const suite = attemptSuite();
  const { clock, learner } = suite;
  let server: TestServer;
  let courseId: string;
  before(() => {
    ({ server, courseId } = suite);
  });

  describe('two servers on one database', () => {
    /** A learner's attempt, started here, and a browser with their cookies on a second server over the same database. */
    async function onTwoServers(test: (browser: Browser, there: Browser, id: string) => Promise<void>): Promise<void> {
      const { browser } = await learner();
      const other = await startTestServer({ clock, config: server.config });
      try {
        const there = new Browser(other.url);
        for (const [name, value] of browser.cookies) there.cookies.set(name, value);
        await test(browser, there, await startAttempt(browser, courseId));
      } finally {
        await other.close();
      }
    }

    // Each server remembers the open attempts it has seen; a save or finish made through the other
    // server must still be seen before a page is shown or a post is accepted.
    it('shows and accepts only the attempt as the log has it, whichever server wrote last', () =>
      onTwoServers(async (browser, there, id) => {
        const [q1, q2, q3] = (await storedAttempt(server.db, id)).questions;
        const here1 = await browser.get(`/learn/attempts/${id}/questions/1`);
        expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(here1), seq: '0', q: q1!.id, ...answerFields(q1!) })).status).to.equal(303);

        const there2 = await there.get(`/learn/attempts/${id}/questions/2`);
        expect(there2.$('input[name=seq]').val()).to.equal('1');
        expect((await there.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(there2), seq: '1', q: q2!.id, ...answerFields(q2!) })).status).to.equal(303);

        // this server last saw seq 1: the page it shows now must carry the other server's save
        const here3 = await browser.get(`/learn/attempts/${id}/questions/3`);
        expect(here3.$('input[name=seq]').val()).to.equal('2');
        const stale = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(here3), seq: '1', q: q3!.id, ...answerFields(q3!) });
        expect(stale.status).to.equal(409);
        expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(here3), seq: '2', q: q3!.id, ...answerFields(q3!) })).status).to.equal(303);

        const overview = await there.get(`/learn/attempts/${id}`);
        expect(overview.$('input[name=seq]').val()).to.equal('3');
        expect((await there.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(overview), seq: '3' })).status).to.equal(303);
        // finished through the other server: the late post changes nothing and leads to the result
        const late = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(here3), seq: '3', q: q3!.id, ...answerFields(q3!, false) });
        expect(late.status).to.equal(303);
        expect(late.location).to.match(new RegExp(`/learn/attempts/${id}$`));
        const stored = await storedAttempt(server.db, id);
        expect(stored.state).to.equal('finished');
        expect(Object.keys(stored.answers).sort()).to.deep.equal([q1!.id, q2!.id, q3!.id].sort());
        expect(await entryCount(server.db, id)).to.equal(4);
      }));

    it('takes a save from the current state on a server behind the other\'s saves, and refuses a stale one, one from the future and one after a finish', () =>
      onTwoServers(async (browser, there, id) => {
        const q = (await storedAttempt(server.db, id)).questions[0]!;
        const here = Browser.csrf(await browser.get(`/learn/attempts/${id}/questions/1`));
        const elsewhere = Browser.csrf(await there.get(`/learn/attempts/${id}/questions/1`));
        const save = (b: Browser, csrf: string, seq: number) => b.postJson(`/learn/attempts/${id}/answers`, { seq, q: q.id, ...answerFields(q, seq % 2 === 0) }, { 'x-csrf-token': csrf });
        expect((await save(there, elsewhere, 0)).status).to.equal(200);
        expect((await save(there, elsewhere, 1)).status).to.equal(200);
        // this server last saw seq 0
        const saved = await save(browser, here, 2);
        expect(saved.status).to.equal(200);
        expect(JSON.parse(saved.text)).to.deep.equal({ saved: true, seq: 3 });
        expect((await save(browser, here, 1)).status).to.equal(409);
        expect((await save(browser, here, 5)).status).to.equal(409);
        expect(await entryCount(server.db, id)).to.equal(3);
        expect((await storedAttempt(server.db, id)).answers).to.have.keys(q.id);
        const overview = await there.get(`/learn/attempts/${id}`);
        expect((await there.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(overview), seq: '3' })).status).to.equal(303);
        // the other server finished it: a save here after that is refused
        const late = await save(browser, here, 4);
        expect(late.status).to.equal(409);
        expect(await entryCount(server.db, id)).to.equal(4);
        expect((await storedAttempt(server.db, id)).state).to.equal('finished');
      }));

    it('starts a server that never saw an open attempt at its progress, and drops the progress once the attempt is finished', () =>
      onTwoServers(async (browser, there, id) => {
        const q = (await storedAttempt(server.db, id)).questions[0]!;
        const page = await browser.get(`/learn/attempts/${id}/questions/1`);
        for (let seq = 0; seq < 9; seq += 1) {
          expect((await browser.postJson(`/learn/attempts/${id}/answers`, { seq, q: q.id, ...answerFields(q, seq % 2 === 0) }, { 'x-csrf-token': Browser.csrf(page) })).status).to.equal(200);
        }
        const answered = (await storedAttempt(server.db, id)).answers;
        // the entries the progress (seq 8) covers are taken away: a server reading the log from
        // the attempt itself (seq 0) would find nothing to apply
        const entries = server.db.db!.collection<{ attemptId: string; seq: number }>('attempt_entries');
        await entries.deleteMany({ attemptId: id, seq: { $lt: 8 } });
        const shown = await there.get(`/learn/attempts/${id}/questions/1`);
        expect(shown.$('input[name=seq]').val()).to.equal('9');
        const overview = await there.get(`/learn/attempts/${id}`);
        expect((await there.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(overview), seq: '9' })).status).to.equal(303);
        const finished = await server.db.db!.collection<{ _id: string; seq: number; state: string; answers: unknown }>('attempts').findOne({ _id: id });
        expect(finished).to.include({ state: 'finished', seq: 10 });
        expect(finished!.answers).to.deep.equal(answered);
        expect(await server.db.db!.collection<{ _id: string }>('attempt_progress').findOne({ _id: id })).to.equal(null);
      }));
  });

  describe('limits', () => {
    it('enforces the cooldown and then the attempt limit', async () => {
      const { browser } = await learner();
      const first = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, first, () => false);
      await finishAttempt(browser, first, seq);
      expect((await storedAttempt(server.db, first)).passed).to.equal(false);

      const quiz = await browser.get(`/learn/courses/${courseId}/modules/01-basics/quiz?lang=en`);
      expect(quiz.$('main').text()).to.contain('You can start a new attempt after');
      const early = await browser.post(`/learn/courses/${courseId}/modules/01-basics/quiz/attempts`, { _csrf: Browser.csrf(quiz) });
      expect(early.status).to.equal(409);

      clock.advance(minutes(31));
      const second = await startAttempt(browser, courseId);
      expect(second).not.to.equal(first);
      const seq2 = await answerAll(browser, server.db, second, () => false);
      await finishAttempt(browser, second, seq2);
      clock.advance(minutes(31));
      const page = await browser.get(`/learn/courses/${courseId}/modules/01-basics/quiz`);
      const third = await browser.post(`/learn/courses/${courseId}/modules/01-basics/quiz/attempts`, { _csrf: Browser.csrf(page) });
      expect(third.status).to.equal(409);
      expect(await server.db.db!.collection('attempts').countDocuments({ userId: (await storedAttempt(server.db, first)).userId })).to.equal(2);
    });

    it('gives two racing starts one attempt', async () => {
      const { browser } = await learner();
      const ids = await Promise.all([1, 2, 3].map(() => startAttempt(browser, courseId)));
      expect(new Set(ids).size).to.equal(1);
    });
  });
});
