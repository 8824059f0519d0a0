import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import {
  answerAll,
  answerFields,
  enrolAndReadModuleOne,
  finishAttempt,
  learningCourseId,
  minutes,
  MovableClock,
  publishLearningCourse,
  startAttempt,
  storedAttempt,
  entryCount,
} from '../../helpers/learning.ts';

describe('quiz attempts over HTTP', () => {
  let server: TestServer;
  const clock = new MovableClock();
  let courseId: string;

  before(async () => {
    server = await startTestServer({ clock });
    courseId = learningCourseId('attempts');
    await publishLearningCourse(server.db, courseId);
  });
  after(async () => server.close());

  async function learner() {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.iin, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    return { user, browser };
  }

  /** What must not change when a post is refused. */
  const snapshot = async (id: string) => {
    const a = await storedAttempt(server.db, id);
    return JSON.stringify({ answers: a.answers, seq: a.seq, state: a.state, score: a.score, deadline: a.deadline, entries: await entryCount(server.db, id) });
  };

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

    it('refuses a post after the deadline, and grades the answers saved by then', async () => {
      const { browser } = await learner();
      const id = await startAttempt(browser, courseId);
      const attempt = await storedAttempt(server.db, id);
      const [first, second] = attempt.questions;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      const csrf = Browser.csrf(page);
      expect((await browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '0', q: first!.id, ...answerFields(first!) })).status).to.equal(303);
      clock.advance(minutes(10) + 1000);
      const late = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: csrf, seq: '1', q: second!.id, ...answerFields(second!) });
      expect(late.status).to.equal(409);
      const after = await storedAttempt(server.db, id);
      expect(after.state).to.equal('finished');
      expect(after.finishedBy).to.equal('deadline');
      expect(new Date(after.finishedAt!).getTime()).to.equal(new Date(attempt.deadline).getTime());
      expect(Object.keys(after.answers)).to.deep.equal([first!.id]);
      expect(after.score).to.equal(20);
      clock.advance(minutes(31));
    });

    it('refuses a post to a finished attempt', async () => {
      const { browser, user } = await learner();
      const id = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, id);
      expect((await finishAttempt(browser, id, seq)).status).to.equal(303);
      const before = await snapshot(id);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const page = await browser.get('/learn');
      const res = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: String(seq), q: q.id, ...answerFields(q, false) });
      expect(res.status).to.equal(409);
      const again = await browser.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(page), seq: String(seq) });
      expect(again.status).to.equal(409);
      expect(await snapshot(id)).to.equal(before);
      expect(user.doc._id).to.exist;
    });
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

  describe('two servers on one database', () => {
    // Each server remembers the open attempts it has seen; a save or finish made through the other
    // server must still be seen before a page is shown or a post is accepted.
    it('shows and accepts only the attempt as the log has it, whichever server wrote last', async () => {
      const { browser } = await learner();
      const other = await startTestServer({ clock, config: server.config });
      try {
        const there = new Browser(other.url);
        for (const [name, value] of browser.cookies) there.cookies.set(name, value);
        const id = await startAttempt(browser, courseId);
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
        const late = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(here3), seq: '3', q: q3!.id, ...answerFields(q3!, false) });
        expect(late.status).to.equal(409);
        const stored = await storedAttempt(server.db, id);
        expect(stored.state).to.equal('finished');
        expect(Object.keys(stored.answers).sort()).to.deep.equal([q1!.id, q2!.id, q3!.id].sort());
        expect(await entryCount(server.db, id)).to.equal(4);
      } finally {
        await other.close();
      }
    });
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
