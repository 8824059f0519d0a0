// What an answer save costs the database, counted on the driver (test/helpers/round-trips.ts): one
// insert, claiming its seq, on a server that knows the attempt; on a server behind another's saves,
// a read of each entry it missed, never of the one it claims (docs/performance.md). Counting, not timing.
import { expect } from 'chai';
import { countedApp } from '../../helpers/round-trips.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { Browser } from '../../helpers/browser.ts';
import { answerFields, enrolAndReadModuleOne, learningCourseId, publishLearningCourse, startAttempt, storedAttempt } from '../../helpers/learning.ts';

describe('database round trips per answer save', function () {
  this.timeout(60_000);
  const counted = countedApp();
  const { clock, cost } = counted;

  it("costs an answer save one insert, and on a server behind the other's saves a read of each entry it missed, not of the one it claims", async () => {
    const { db, url } = counted;
    const { courseId } = await publishLearningCourse(db, learningCourseId('trips'));
    const user = await createUser(db);
    const browser = await signIn(url, user.email, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const id = await startAttempt(browser, courseId);
    const q = (await storedAttempt(db, id)).questions[0]!;
    // a second server of the site on the same database, as behind a load balancer that alternates
    const there = new Browser(await counted.second());
    for (const [name, value] of browser.cookies) there.cookies.set(name, value);
    // the steady state on both (a session's first page records its sign-in, which changes the stamp)
    for (let i = 0; i < 3; i += 1) for (const b of [browser, there]) await b.get(`/learn/attempts/${id}/questions/1`);
    const csrf = Browser.csrf(await browser.get(`/learn/attempts/${id}/questions/1`));
    const save = (b: Browser, seq: number) => b.postJson(`/learn/attempts/${id}/answers`, { seq, q: q.id, ...answerFields(q, seq % 2 === 0) }, { 'x-csrf-token': csrf });
    expect((await save(browser, 0)).status).to.equal(200);
    expect(await cost('save', async () => expect((await save(browser, 1)).status).to.equal(200))).to.deep.equal(['find stamps', 'insert attempt_entries']);
    // the other server last saw seq 0: it reads the two entries it missed, and claims seq 2
    expect(await cost('save two behind', async () => expect((await save(there, 2)).status).to.equal(200))).to.deep.equal(['find attempt_entries', 'find attempt_entries', 'find stamps', 'insert attempt_entries']);
    // saves alternating between the servers: each reads the one entry the other wrote
    for (let seq = 3; seq < 6; seq += 1) {
      const at = seq % 2 === 1 ? browser : there;
      expect(await cost('save behind', async () => expect((await save(at, seq)).status).to.equal(200))).to.deep.equal(['find attempt_entries', 'find stamps', 'insert attempt_entries']);
    }
  });
});
