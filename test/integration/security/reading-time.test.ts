// Security L8: minimum reading time counts lesson by lesson within a module. Opening every lesson
// at once and waiting one minimum makes one lesson readable, not all of them.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { learningCourseId, moduleOne, MovableClock, publishLearningCourse } from '../../helpers/learning.ts';

describe('reading time of a module', () => {
  let server: TestServer;
  const clock = new MovableClock();

  before(async () => {
    server = await startTestServer({ clock });
  });
  after(async () => server.close());

  it('counts in sequence: a lesson opened early still needs its own minimum after the one before it is read', async () => {
    const courseId = learningCourseId('reading');
    // both lessons of module 1 get a one-minute minimum
    await publishLearningCourse(server.db, courseId, '1.0.0', (name, text) => (name === 'course.yaml' ? text.replace(/(en: The response algorithm\n)/, '$1        minSeconds: 60\n') : text));
    const user = await createUser(server.db, { lang: 'en' });
    const browser = await signIn(server.url, user.iin, user.password);
    const course = await browser.get(`/learn/courses/${courseId}`);
    expect((await browser.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) })).status).to.equal(303);
    // open both lessons at once
    const first = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome`);
    const second = await browser.get(`${moduleOne(courseId)}/lessons/02-algorithm`);
    clock.advance(61_000);
    const markSecond = () => browser.post(`${moduleOne(courseId)}/lessons/02-algorithm/read`, { _csrf: Browser.csrf(second) });
    expect((await markSecond()).status, 'not before the first lesson is read').to.equal(409);
    expect((await browser.post(`${moduleOne(courseId)}/lessons/01-welcome/read`, { _csrf: Browser.csrf(first) })).status).to.equal(303);
    expect((await markSecond()).status, 'its own minimum counts from then').to.equal(409);
    clock.advance(61_000);
    expect((await markSecond()).status).to.equal(303);
  });
});
