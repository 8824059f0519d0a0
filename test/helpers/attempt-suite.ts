// The set-up the quiz-attempt test files share: a server with its own movable clock, the test
// course published on it, a learner who has read module 1, and a snapshot of what a refused post
// must leave unchanged. Hooks are registered in the calling describe block.
import { startTestServer, type TestServer } from './app.ts';
import { createUser, signIn } from './users.ts';
import { enrolAndReadModuleOne, entryCount, learningCourseId, MovableClock, publishLearningCourse, storedAttempt } from './learning.ts';

export function attemptSuite(prefix = 'attempts') {
  const suite = {
    clock: new MovableClock(),
    server: undefined as unknown as TestServer,
    courseId: '',
    async learner() {
      const user = await createUser(suite.server.db);
      const browser = await signIn(suite.server.url, user.iin, user.password);
      await enrolAndReadModuleOne(browser, suite.courseId, suite.clock);
      return { user, browser };
    },
    /** What must not change when a post is refused. */
    async snapshot(id: string) {
      const a = await storedAttempt(suite.server.db, id);
      return JSON.stringify({ answers: a.answers, seq: a.seq, state: a.state, score: a.score, deadline: a.deadline, entries: await entryCount(suite.server.db, id) });
    },
  };
  before(async () => {
    suite.server = await startTestServer({ clock: suite.clock });
    suite.courseId = learningCourseId(prefix);
    await publishLearningCourse(suite.server.db, suite.courseId);
  });
  after(async () => suite.server.close());
  return suite;
}
