// Security H1: the keys of an earlier attempt stay hidden while the learner's last attempt is open,
// under both review policies that reveal keys once a quiz is settled.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';

describe('the result page of a failed attempt while the last attempt is open', () => {
  let server: TestServer;
  const clock = new MovableClock();

  before(async () => {
    server = await startTestServer({ clock });
  });
  after(async () => server.close());

  for (const policy of ['after-pass', 'after-final'] as const) {
    it(`hides the correct answers and explanations until the open attempt is finished (${policy})`, async () => {
      const courseId = learningCourseId('open');
      await publishLearningCourse(server.db, courseId, '1.0.0', (name, text) => (name.endsWith('quiz.yaml') ? text.replace('review: after-pass', `review: ${policy}`) : text));
      const user = await createUser(server.db, { lang: 'en' });
      const browser = await signIn(server.url, user.iin, user.password);
      await enrolAndReadModuleOne(browser, courseId, clock);
      const first = await startAttempt(browser, courseId);
      await finishAttempt(browser, first, await answerAll(browser, server.db, first, () => false));
      clock.advance(31 * 60_000);
      const second = await startAttempt(browser, courseId); // the last of two, left open

      const whileOpen = await browser.get(`/learn/attempts/${first}/?lang=en`);
      expect(whileOpen.status).to.equal(200);
      expect(whileOpen.text).not.to.contain('Correct answer');
      expect(whileOpen.$('.review-explanation, .explanation').length).to.equal(0);

      await finishAttempt(browser, second, await answerAll(browser, server.db, second, () => false));
      // settled: no attempt open and none left, so the keys may be shown now
      expect((await browser.get(`/learn/attempts/${first}?lang=en`)).text).to.contain('Correct answer');
    });
  }
});
