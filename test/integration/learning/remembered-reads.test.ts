// A server remembers what it read of a signed-in user (their session, role and status, their progress) and
// of the catalogue while their stamps are unchanged (db/remembered.ts). A write made through another
// server, an admin's change to the account, or a coordinator's publish must show on this server's
// very next page. (What a server remembers is trusted for a minute of the app's clock at most, so
// each test reads its "before" page after the last move of the clock.)
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import { standardsServices } from '../../../server/standards/standards.ts';
import type { StandingDoc } from '../../../server/standards/standing.model.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { createLogger } from '../../../server/logger.ts';
import { MovableClock, answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, moduleOne, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';

describe('pages a server remembers', function () {
  this.timeout(60_000);
  const clock = new MovableClock();
  let here: TestServer;
  let there: TestServer;

  before(async () => {
    here = await startTestServer({ clock });
    there = await startTestServer({ clock, config: here.config });
  });
  after(async () => {
    await there.close();
    await here.close();
  });

  /** The same signed-in teacher on both servers (sessions live in the database). */
  async function teacherOnBoth(): Promise<{ a: Browser; b: Browser; id: string }> {
    const user = await createUser(here.db);
    const a = await signIn(here.url, user.email, user.password);
    const b = new Browser(there.url);
    for (const [name, value] of a.cookies) b.cookies.set(name, value);
    return { a, b, id: String(user.doc._id) };
  }

  const percent = async (browser: Browser, courseId: string) => (await browser.get(`/learn/courses/${courseId}`)).$('progress').attr('value');

  it('shows a lesson read through the other server on the next course page', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, b } = await teacherOnBoth();
    const course = await a.get(`/learn/courses/${courseId}`);
    expect((await a.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) })).status).to.equal(303);
    const lesson = await b.get(`${moduleOne(courseId)}/lessons/01-welcome`);
    clock.advance(61_000);
    const before = await percent(a, courseId);
    await a.get('/learn'); // both pages now remembered here
    expect((await b.post(`${moduleOne(courseId)}/lessons/01-welcome/read`, { _csrf: Browser.csrf(lesson) })).status).to.equal(303);
    const after = await percent(a, courseId);
    expect(Number(after)).to.be.greaterThan(Number(before));
  });

  it('shows an enrolment made through the other server on the dashboard and catalogue', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, b } = await teacherOnBoth();
    expect((await a.get('/learn')).text).to.not.include(`/learn/courses/${courseId}"`);
    await a.get('/learn/catalogue');
    const course = await b.get(`/learn/courses/${courseId}`);
    expect((await b.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) })).status).to.equal(303);
    expect((await a.get('/learn')).text).to.include(`/learn/courses/${courseId}"`);
  });

  it('offers a course published after the catalogue was remembered', async () => {
    const { a } = await teacherOnBoth();
    await a.get('/learn/catalogue');
    const id = learningCourseId('remember');
    expect((await a.get('/learn/catalogue')).text).to.not.include(id);
    await publishLearningCourse(there.db, id);
    expect((await a.get('/learn/catalogue')).text).to.include(id);
  });

  it('refuses a teacher disabled by an admin on the other server at once, and lets a new role in at once', async () => {
    const { a, id } = await teacherOnBoth();
    const staff = await createUser(here.db, { role: 'admin' });
    const admin = await signIn(there.url, staff.email, staff.password);
    const change = async (fields: Record<string, string>) => {
      const form = await admin.get(`/admin/users/${id}`);
      expect((await admin.post(`/admin/users/${id}`, { _csrf: Browser.csrf(form), regionScope: '', ...fields })).status).to.equal(303);
    };
    expect((await a.get('/coordinator/courses')).status).to.equal(403);
    expect((await a.get('/learn')).status).to.equal(200); // the user is remembered here now
    await change({ role: 'coordinator', status: 'active' });
    expect((await a.get('/coordinator/courses')).status).to.equal(200);
    await change({ role: 'coordinator', status: 'disabled' });
    expect((await a.get('/learn')).status).to.equal(401);
  });

  it('ends a session signed out through the other server at once', async () => {
    const { a, b } = await teacherOnBoth();
    // the first page records the sign-in (a session write), the next reads the session under the
    // stamp, the third is served from what that server remembers
    const page = await b.get('/learn');
    for (let i = 0; i < 2; i++) expect((await b.get('/learn')).status).to.equal(200);
    expect((await a.post('/logout', { _csrf: Browser.csrf(page) })).status).to.equal(303);
    const after = await b.get('/learn');
    expect(after.status).to.not.equal(200);
    expect((await b.get('/profile')).status).to.not.equal(200);
  });

  it("ends the teacher's other sessions on the other server when the password changes, and shows the flash set here there", async () => {
    const user = await createUser(here.db);
    const a = await signIn(here.url, user.email, user.password);
    const elsewhere = await signIn(there.url, user.email, user.password);
    const b = new Browser(there.url);
    for (const [name, value] of a.cookies) b.cookies.set(name, value);
    for (const browser of [elsewhere, b, elsewhere, b, elsewhere, b]) expect((await browser.get('/profile')).status).to.equal(200);
    const form = await a.get('/profile/password');
    const changed = await a.post('/profile/password', { _csrf: Browser.csrf(form), currentPassword: user.password, password: 'Another-Passw0rd-42', passwordConfirm: 'Another-Passw0rd-42' });
    expect(changed.status, changed.$('[role=alert]').text()).to.equal(303);
    // the other sign-in is over on the server that remembered it
    expect((await elsewhere.get('/profile')).status).to.not.equal(200);
    // the same session, through the other server: still signed in, and the flash written here shows there
    const next = await b.get('/profile');
    expect(next.status).to.equal(200);
    expect(next.$('.notice[role=status]').text().trim()).to.not.equal('');
  });

  it('counts a quiz passed after its course page was seen, on this server and the other', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, b, id: teacher } = await teacherOnBoth();
    await enrolAndReadModuleOne(a, courseId, clock);
    const id = await startAttempt(a, courseId);
    const seq = await answerAll(a, here.db, id);
    const quizRow = async (browser: Browser) => (await browser.get(`/learn/courses/${courseId}`)).$('main li').first().text().replace(/\s+/g, ' ');
    // both servers now remember the attempt as open
    const before = await quizRow(a);
    for (const browser of [b, b, a]) expect(await quizRow(browser)).to.equal(before);
    expect((await finishAttempt(a, id, seq)).status).to.equal(303);
    // the finishing request itself completed the course: its completion check read the summaries afresh
    expect(await here.db.collection('completions').countDocuments({ courseId, userId: new Types.ObjectId(teacher) })).to.equal(1);
    for (const browser of [a, b]) expect(await quizRow(browser)).to.not.equal(before);
  });

  it('shows a standing written by another process (the command line, a seed) on the next transcript here', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, id: teacher } = await teacherOnBoth();
    await enrolAndReadModuleOne(a, courseId, clock);
    const id = await startAttempt(a, courseId);
    expect((await finishAttempt(a, id, await answerAll(a, here.db, id))).status).to.equal(303);
    const score = async () => (await a.get('/transcript')).$('main tbody tr td').eq(4).text();
    const stored = (await here.db.collection<StandingDoc>('standings').findOne({ _id: teacher }))!;
    // the transcript shows the row, and this server now remembers it
    for (let i = 0; i < 3; i++) expect(await score()).to.equal(String(stored.completions[0]!.score));
    // the standings service of another process (as `qorgau standards rebuild` or the demo seed
    // builds it, with no server's memory) stores the row again with another score
    const courses = courseServices(here.db);
    const learning = learningFeature({ db: here.db, clock, logger: createLogger('silent'), catalog: courses.catalog });
    const { standings } = standardsServices({ db: here.db, clock, logger: createLogger('silent'), directory: directoryService(here.db), learning: learning.services, catalog: courses.catalog });
    await standings.store([{ ...stored, completions: [{ ...stored.completions[0]!, score: 42 }] }]);
    expect(await score()).to.equal('42');
  });

  it('shows a certificate issued, and then revoked, through the other server on the next certificates page', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, b } = await teacherOnBoth();
    await enrolAndReadModuleOne(a, courseId, clock);
    const id = await startAttempt(a, courseId);
    const seq = await answerAll(a, here.db, id);
    const cards = async () => (await a.get('/certificates?lang=en')).$('main .card');
    // none yet, and remembered here as none (the misses too)
    for (let i = 0; i < 3; i++) expect(await cards()).to.have.length(0);
    expect((await finishAttempt(b, id, seq)).status).to.equal(303);
    const issued = await cards();
    expect(issued).to.have.length(1);
    expect(issued.text()).to.include('Valid');
    const serial = issued.find('strong').text();
    for (let i = 0; i < 2; i++) expect((await cards()).text()).to.include('Valid');
    const staff = await createUser(there.db, { role: 'admin' });
    const admin = await signIn(there.url, staff.email, staff.password);
    const form = await admin.get(`/admin/certificates/${serial}`);
    expect((await admin.post(`/admin/certificates/${serial}/revoke`, { _csrf: Browser.csrf(form), reason: 'error' })).status).to.equal(303);
    expect((await cards()).text()).to.include('Revoked');
  });

  it('shows a certificate reissued, then revoked, through the other server on the next verification here', async () => {
    const { courseId } = await publishLearningCourse(here.db, learningCourseId('remember'));
    const { a, b } = await teacherOnBoth();
    await enrolAndReadModuleOne(a, courseId, clock);
    const id = await startAttempt(a, courseId);
    expect((await finishAttempt(b, id, await answerAll(a, here.db, id))).status).to.equal(303);
    // each certificate of the teacher: its serial and its verification code
    const held = async () => {
      const page = await a.get('/certificates?lang=en');
      return page.$('main .card').map((_, card) => ({ serial: page.$(card).find('strong').text(), code: (page.$(card).find('a[href*="/verify/"]').attr('href') ?? '').split('/verify/')[1]! })).get();
    };
    const codes = async () => (await held()).map((c) => c.code);
    const [first] = await codes();
    // from an address of its own: other tests' unknown codes count against the loopback address
    const visitor = new Browser(here.url, { 'x-forwarded-for': '192.0.2.42' });
    const status = async (code: string) => (await visitor.get(`/verify/${code}?lang=en`)).$('main').text();
    // checked here three times: the certificate and its status are remembered under the holder's stamp
    for (let i = 0; i < 3; i++) expect(await status(first!)).to.include('Valid');
    const staff = await createUser(there.db, { role: 'admin' });
    const admin = await signIn(there.url, staff.email, staff.password);
    const serial = async (code: string) => (await held()).find((c) => c.code === code)!.serial;
    const act = async (code: string, action: string, form: Record<string, string> = {}) => {
      const page = await admin.get(`/admin/certificates/${await serial(code)}`);
      expect((await admin.post(`/admin/certificates/${await serial(code)}/${action}`, { _csrf: Browser.csrf(page), ...form })).status).to.equal(303);
    };
    // a reissue prints the holder's name as it is now: the teacher changes it first
    const form = await b.get('/profile');
    const fields = Object.fromEntries(['surname', 'givenName', 'patronymic', 'district', 'school', 'position', 'lang'].map((n) => [n, form.$(`[name=${n}]`).val() as string]));
    expect((await b.post('/profile', { ...fields, _csrf: Browser.csrf(form), surname: 'Жаңаәліқызы' })).status).to.equal(303);
    await act(first!, 'reissue');
    expect(await status(first!)).to.include('Superseded by a newer version');
    const second = (await codes()).find((c) => c !== first)!;
    for (let i = 0; i < 3; i++) expect(await status(second)).to.include('Valid');
    await act(second, 'revoke', { reason: 'error' });
    expect(await status(second)).to.include('Revoked');
    expect(await status(first!)).to.include('Superseded by a newer version');
  });

  it('shows a profile changed through the other server on the next profile page and transcript', async () => {
    const { a, b } = await teacherOnBoth();
    for (let i = 0; i < 3; i++) await a.get('/profile'); // remembered here now
    for (let i = 0; i < 3; i++) expect((await a.get('/transcript')).text).to.not.include('Жаңаәліқызы');
    const form = await b.get('/profile');
    const fields = Object.fromEntries(['surname', 'givenName', 'patronymic', 'district', 'school', 'position', 'lang'].map((n) => [n, form.$(`[name=${n}]`).val() as string]));
    const saved = await b.post('/profile', { ...fields, _csrf: Browser.csrf(form), surname: 'Жаңаәліқызы' });
    expect(saved.status, saved.$('[role=alert]').text()).to.equal(303);
    expect((await a.get('/profile')).$('[name=surname]').val()).to.equal('Жаңаәліқызы');
    expect((await a.get('/transcript')).$('.facts dd').first().text()).to.include('Жаңаәліқызы');
  });
});
