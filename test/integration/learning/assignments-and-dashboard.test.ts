import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { learningCourseId, MovableClock, publishLearningCourse, startAttempt, enrolAndReadModuleOne, storedAttempt, answerFields, answerAll, finishAttempt, minutes } from '../../helpers/learning.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { createLogger } from '../../../server/logger.ts';

const day = (d: Date, plus: number) => new Date(d.getTime() + plus * 86_400_000).toISOString().slice(0, 10);

describe('assignments and the dashboard', () => {
  let server: TestServer;
  const clock = new MovableClock();
  let courseId: string;
  const school = `№ ${Date.now() % 100000}`;

  before(async () => {
    server = await startTestServer({ clock });
    courseId = learningCourseId('assigned');
    await publishLearningCourse(server.db, courseId);
  });
  after(async () => server.close());

  async function signedIn(overrides: Parameters<typeof createUser>[1]) {
    const user = await createUser(server.db, overrides);
    return { user, browser: await signIn(server.url, user.iin, user.password) };
  }

  describe('POST /admin/assignments', () => {
    it('lets a regional admin assign a course with a due date to a school in their region', async () => {
      const inSchool = await signedIn({ region: 'almaty', school });
      const elsewhere = await signedIn({ region: 'almaty', school: '№ 1-other' });
      const { browser } = await signedIn({ role: 'admin', region: 'almaty', regionScope: 'almaty' });
      const form = await browser.get('/admin/assignments');
      expect(form.status).to.equal(200);
      const res = await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: 'almaty', district: '', school: ` ${school.toLowerCase()} `, position: '', due: day(clock.now(), 10) });
      expect(res.status).to.equal(303);
      const list = await browser.get('/admin/assignments?lang=en');
      // other files' assignments in the region may be listed too (a run of several files)
      expect(list.$('tbody tr').filter((_, tr) => list.$(tr).text().includes(school)).length).to.equal(1);

      const dashboard = await inSchool.browser.get('/learn?lang=en');
      const card = dashboard.$(`a[href$="/learn/courses/${courseId}"]`).closest('li');
      expect(card.text()).to.contain('Due');
      expect(card.find('progress').attr('value')).to.equal('0');
      expect(card.text()).to.contain('Assigned by your administrator');
      expect((await elsewhere.browser.get('/learn?lang=en')).$(`a[href$="/learn/courses/${courseId}"]`).length).to.equal(0);
    });

    it('refuses a regional admin’s assignment outside their region, storing nothing', async () => {
      const { browser } = await signedIn({ role: 'admin', region: 'almaty', regionScope: 'almaty' });
      const before = await server.db.db!.collection('assignments').countDocuments();
      const form = await browser.get('/admin/assignments');
      const res = await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: 'astana', district: '', school: '', position: '', due: day(clock.now(), 10) });
      expect(res.status).to.equal(403);
      expect(res.$('[role=alert]').text()).to.not.equal('');
      expect(await server.db.db!.collection('assignments').countDocuments()).to.equal(before);
    });

    it('stores a double-posted assignment once and lands both posts on the list', async () => {
      const { browser } = await signedIn({ role: 'admin', region: 'astana', regionScope: 'astana' });
      const form = await browser.get('/admin/assignments');
      const fields = { _csrf: Browser.csrf(form), courseId, region: 'astana', district: '', school: `${school}-twice`, position: '', due: day(clock.now(), 12) };
      const [first, second] = await Promise.all([browser.post('/admin/assignments', fields), browser.post('/admin/assignments', fields)]);
      expect([first.status, second.status]).to.deep.equal([303, 303]);
      expect(second.location).to.equal(first.location);
      expect(await server.db.db!.collection('assignments').countDocuments({ 'cohort.school': `${school}-twice` })).to.equal(1);
    });

    it('refuses a due date in the past and an empty cohort', async () => {
      const { browser } = await signedIn({ role: 'admin' });
      const form = await browser.get('/admin/assignments?lang=en');
      const past = await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: 'astana', district: '', school: '', position: '', due: day(clock.now(), -1) });
      expect(past.status).to.equal(400);
      expect(past.text).to.contain('The due date must be in the future.');
      const empty = await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: '', district: '', school: '', position: '', due: day(clock.now(), 5) });
      expect(empty.status).to.equal(400);
      const unknown = await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: 'astana', due: day(clock.now(), 5), extra: '1' });
      expect(unknown.status).to.equal(400);
    });

    it('marks an assigned course overdue once its due date passes', async () => {
      const position = `position-${Date.now()}`;
      const teacher = await signedIn({ region: 'astana', position });
      const { browser } = await signedIn({ role: 'admin' });
      const form = await browser.get('/admin/assignments');
      await browser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: '', district: '', school: '', position, due: day(clock.now(), 1) });
      expect((await teacher.browser.get('/learn?lang=en')).$('.card-overdue').length).to.equal(0);
      clock.advance(3 * 86_400_000);
      const dashboard = await teacher.browser.get('/learn?lang=en');
      expect(dashboard.$('.card-overdue').text()).to.contain('Overdue');
      expect(Buffer.byteLength(dashboard.text)).to.be.lessThan(40 * 1024);
    });
  });

  describe('the attempt sweeper', () => {
    it('finishes attempts whose deadline passed, with the answers saved by then', async () => {
      const { browser } = await signedIn({ region: 'almaty' });
      await enrolAndReadModuleOne(browser, courseId, clock);
      const id = await startAttempt(browser, courseId);
      const q = (await storedAttempt(server.db, id)).questions[0]!;
      const page = await browser.get(`/learn/attempts/${id}/questions/1`);
      await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) });
      clock.advance(minutes(11));
      const feature = learningFeature({ db: server.db, clock, logger: createLogger('silent'), catalog: courseServices(server.db).catalog });
      expect(await feature.services.attempts.sweep()).to.be.at.least(1);
      const swept = await storedAttempt(server.db, id);
      expect(swept.state).to.equal('finished');
      expect(swept.finishedBy).to.equal('deadline');
      expect(swept.score).to.equal(20);
      expect(await openMarker(id)).to.equal(null);
    });

    const openMarker = (id: string) => server.db.db!.collection<{ _id: string }>('open_attempts').findOne({ _id: id });
    const sweeper = () => learningFeature({ db: server.db, clock, logger: createLogger('silent'), catalog: courseServices(server.db).catalog }).services.attempts;

    it('keeps a marker only while an attempt is open', async () => {
      const { browser } = await signedIn({ region: 'almaty' });
      await enrolAndReadModuleOne(browser, courseId, clock);
      const id = await startAttempt(browser, courseId);
      expect(await openMarker(id)).to.include({ _id: id });
      const seq = await answerAll(browser, server.db, id);
      await finishAttempt(browser, id, seq);
      expect(await openMarker(id)).to.equal(null);
    });

    it('marks open attempts started before markers existed, then finishes them when due', async () => {
      const { browser } = await signedIn({ region: 'almaty' });
      await enrolAndReadModuleOne(browser, courseId, clock);
      const id = await startAttempt(browser, courseId);
      await server.db.db!.collection<{ _id: string }>('open_attempts').deleteOne({ _id: id });
      clock.advance(minutes(11));
      const attempts = sweeper();
      await attempts.sweep();
      expect((await storedAttempt(server.db, id)).state, 'an unmarked attempt is invisible to the sweep').to.equal('in_progress');
      expect(await attempts.markOpenAttempts()).to.be.at.least(1);
      await attempts.sweep();
      expect((await storedAttempt(server.db, id)).finishedBy).to.equal('deadline');
      expect(await openMarker(id)).to.equal(null);
    });

    it('deletes a marker whose attempt was never stored, and one whose attempt is finished', async () => {
      const markers = server.db.db!.collection<{ _id: string; deadline: Date }>('open_attempts');
      const orphan = 'f'.repeat(24);
      await markers.insertOne({ _id: orphan, deadline: new Date(clock.now().getTime() - 1000) });
      const { browser } = await signedIn({ region: 'almaty' });
      await enrolAndReadModuleOne(browser, courseId, clock);
      const id = await startAttempt(browser, courseId);
      const seq = await answerAll(browser, server.db, id);
      await finishAttempt(browser, id, seq);
      // as if the app stopped between projecting the finish and deleting the marker
      await markers.insertOne({ _id: id, deadline: new Date(clock.now().getTime() - 1000) });
      await sweeper().sweep();
      expect(await openMarker(orphan)).to.equal(null);
      expect(await openMarker(id)).to.equal(null);
      expect((await storedAttempt(server.db, id)).finishedBy).to.equal('learner');
    });
  });
});
