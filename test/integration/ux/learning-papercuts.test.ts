import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, moduleOne, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';

describe('papercuts: mark-as-read notice, Continue button, quiz intro', () => {
  let server: TestServer;
  const clock = new MovableClock(Date.parse('2026-12-02T16:00:00Z'));
  let courseId: string;
  before(async () => {
    server = await startTestServer({ clock });
    courseId = learningCourseId('ux');
    await publishLearningCourse(server.db, courseId);
  });
  after(() => server.close());

  it('says when a lesson can be marked read, as a neutral notice with the Kazakh ending, before and after an early tap', async () => {
    const user = await createUser(server.db, { lang: 'kk' });
    const browser = await signIn(server.url, user.iin, user.password);
    const course = await browser.get(`/learn/courses/${courseId}`);
    await browser.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) });
    clock.advance(1_000); // 16:00:01Z = 21:00:01 in Almaty; 60 s minimum -> 21:01:01 -> "21:02"
    const lesson = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome?lang=kk`);
    expect(lesson.$('.mark-read .notice').text()).to.contain('21:02-ден бастап');
    expect(lesson.text).not.to.contain('кемінде');
    const early = await browser.post(`${moduleOne(courseId)}/lessons/01-welcome/read`, { _csrf: Browser.csrf(lesson) });
    expect(early.$('.notice-error, [role=alert]').length).to.equal(0);
    expect(early.$('.mark-read .notice[role=status]').text()).to.contain('21:02-ден бастап');
    const ru = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome?lang=ru`);
    expect(ru.$('.mark-read .notice').text()).to.contain('с 21:02');
    clock.advance(61_000);
    const later = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome?lang=en`);
    expect(later.$('.mark-read .notice').length).to.equal(0);
  });

  it('offers "Continue where I left off" to the next unread lesson, "Start" before, nothing after completion', async () => {
    const user = await createUser(server.db, { lang: 'en' });
    const browser = await signIn(server.url, user.iin, user.password);
    const course = await browser.get(`/learn/courses/${courseId}?lang=en`);
    await browser.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) });
    const before = await browser.get(`/learn/courses/${courseId}?lang=en`);
    expect(before.$('main a.button').text()).to.equal('Start the course');
    await browser.get(`${moduleOne(courseId)}/lessons/01-welcome`);
    clock.advance(61_000);
    const lesson = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome`);
    await browser.post(`${moduleOne(courseId)}/lessons/01-welcome/read`, { _csrf: Browser.csrf(lesson) });
    const after = await browser.get(`/learn/courses/${courseId}?lang=en`);
    expect(after.$('main a.button').text()).to.equal('Continue where I left off');
    expect(after.$('main a.button').attr('href')).to.equal(`${moduleOne(courseId)}/lessons/02-algorithm`);
  });

  it('states the wait between attempts and warns before the last attempt', async () => {
    const user = await createUser(server.db, { lang: 'en' });
    const browser = await signIn(server.url, user.iin, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const intro = await browser.get(`${moduleOne(courseId)}/quiz?lang=en`);
    expect(intro.$('dl.facts').text()).to.contain('Wait between attempts').and.to.contain('30 min after an attempt ends');
    expect(intro.text).not.to.contain('last attempt');
    const first = await startAttempt(browser, courseId);
    await finishAttempt(browser, first, await answerAll(browser, server.db, first, () => false));
    clock.advance(31 * 60_000);
    const again = await browser.get(`${moduleOne(courseId)}/quiz?lang=en`);
    expect(again.$('.notice-warning').text()).to.contain('This will be your last attempt');
  });
});
