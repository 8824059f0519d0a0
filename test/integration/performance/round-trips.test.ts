// What a signed-in page costs the database, counted on the driver: every command a request sends.
// The counts are the design (docs/performance.md): a page reads a few documents by _id, and the
// number does not grow with the courses or lessons a teacher has. Counting, not timing.
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { createLogger } from '../../../server/logger.ts';
import { testConfig } from '../../helpers/app.ts';
import { countedApp } from '../../helpers/round-trips.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { Browser } from '../../helpers/browser.ts';
import { certificatesFeature } from '../../../server/certificates/certificates.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { exportAudit } from '../../../server/reports/export-audit.ts';
import { enrolAndReadModuleOne, learningCourseId, moduleOne, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';

describe('database round trips per page', function () {
  this.timeout(60_000);
  const counted = countedApp();
  const { clock, cost } = counted;
  let db: Connection;
  let url: string;
  before(() => ({ db, url } = counted));

  it('costs a few reads by _id, whatever the number of courses', async () => {
    const courses = [];
    for (let i = 0; i < 3; i += 1) courses.push((await publishLearningCourse(db, learningCourseId('trips'))).courseId);
    const user = await createUser(db);
    const browser = await signIn(url, user.email, user.password);
    for (const courseId of courses) await enrolAndReadModuleOne(browser, courseId, clock);
    const courseId = courses[0]!;
    // an assignment reaches the teacher's region, as in any real one: their cohort is then read by
    // _id on the dashboard and catalogue to see whether it applies
    const admin = await createUser(db, { role: 'admin', regionScope: null });
    const adminBrowser = await signIn(url, admin.email, admin.password);
    const form = await adminBrowser.get('/admin/assignments');
    const due = new Date(clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const assigned = await adminBrowser.post('/admin/assignments', { _csrf: Browser.csrf(form), courseId, region: user.doc.region, district: '', school: user.doc.school ?? '', position: '', due });
    expect(assigned.status, assigned.$('[role=alert]').text()).to.equal(303);
    const attemptId = await startAttempt(browser, courseId);
    await browser.get(`/learn/attempts/${attemptId}/questions/1`);
    // a certificate the teacher holds, issued as another server of the site issues it
    const certificates = certificatesFeature({
      db,
      clock,
      logger: createLogger('silent'),
      mailer: { send: async () => undefined },
      config: testConfig(),
      directory: directoryService(db),
      records: { completion: async () => null, completionsSince: async function* () {} },
      courseIds: async () => [],
    });
    const cert = await certificates.services.issuer.issue({ userId: String(user.doc._id), courseId, versionId: 'v1', version: '1.0.0', title: { kk: 'Курс', ru: 'Курс', en: 'Course' }, academicHours: 12, standards: [], score: 90, completedAt: clock.now() });

    const pages: Record<string, string> = {
      dashboard: '/learn',
      catalogue: '/learn/catalogue',
      'course page': `/learn/courses/${courseId}`,
      'lesson page': `${moduleOne(courseId)}/lessons/02-algorithm`,
      'quiz question page': `/learn/attempts/${attemptId}/questions/1`,
      profile: '/profile',
      certificates: '/certificates',
      transcript: '/transcript',
      'quiz page': `${moduleOne(courseId)}/quiz`,
      'attempt page': `/learn/attempts/${attemptId}`,
      'home page': '/',
      'certificate PDF': `/certificates/${cert.code}/certificate.pdf`,
    };
    const report: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(pages)) {
      // the steady state: the first view may write (the dashboard enrols by the new assignment),
      // which changes the teacher's stamp, so the next view reads what it remembers afresh once
      await browser.get(path);
      await browser.get(path);
      report[name] = await cost(name, async () => expect((await browser.get(path)).status, name).to.equal(200));
    }
    // the lesson's image, of a published version: kept by the server after its first read (its file
    // and chunks are read by _id then, never by GridFS's scan of every chunk: media-storage.test.ts)
    const image = (await browser.get(`${moduleOne(courseId)}/lessons/02-algorithm`)).$('.lesson-body img').attr('src')!;
    await browser.get(image);
    report['lesson image'] = await cost('lesson image', async () => expect((await browser.get(image)).status).to.equal(200));
    const anonymous = new Browser(url);
    report['sign-in form'] = await cost('sign-in form', async () => expect((await anonymous.get('/login')).status).to.equal(200));
    // a visitor checks the code: the IP's unknown codes are counted first (this window's and the
    // last), then the holder's stamp; the code's certificate id, the certificate and its status
    // events are remembered under that stamp
    // (from an address of its own: other tests' unknown codes count against the loopback address)
    const visitor = new Browser(url, { 'x-forwarded-for': '192.0.2.41' });
    await visitor.get(`/verify/${cert.code}`);
    report['verification page'] = await cost('verification page', async () => expect((await visitor.get(`/verify/${cert.code}`)).status).to.equal(200));
    // the user's stamp (and the catalogue's) instead of a read of the session, the user and one per
    // course, lesson and quiz attempt; the quiz page reads the attempt's next log entry, as another
    // server may have saved an answer
    // the certificates page: the teacher's certificates (misses too) and the catalogue's course ids
    // are remembered under their stamps (docs/performance.md); the transcript's standing under the
    // teacher's, which every write of standings changes
    expect(report, JSON.stringify(report)).to.deep.equal({
      dashboard: ['find stamps', 'find stamps'],
      catalogue: ['find stamps', 'find stamps'],
      'course page': ['find stamps'],
      'lesson page': ['find stamps'],
      'quiz question page': ['find attempt_entries', 'find stamps'],
      profile: ['find stamps'],
      certificates: ['find stamps', 'find stamps'],
      transcript: ['find stamps'],
      'quiz page': ['find attempt_entries', 'find attempts', 'find stamps'],
      'attempt page': ['find attempt_entries', 'find stamps'],
      'home page': ['find stamps'],
      'sign-in form': [],
      'certificate PDF': ['find stamps'],
      'lesson image': ['find stamps'],
      'verification page': ['find certificate_misses', 'find stamps'],
    });
  });

  it("costs a coordinator's course lists and version pages only stamps and the version by _id, once remembered", async () => {
    const { courseId, versionId } = await publishLearningCourse(db, learningCourseId('trips'));
    const user = await createUser(db, { role: 'coordinator' });
    const browser = await signIn(url, user.email, user.password);
    const pages: Record<string, string> = {
      'course list': '/coordinator/courses',
      'version history': `/coordinator/courses/${courseId}`,
      'version outline': `/coordinator/courses/${courseId}/versions/${versionId}`,
      'lesson preview': `/coordinator/courses/${courseId}/versions/${versionId}/modules/01-basics/lessons/02-algorithm`,
      'quiz preview': `/coordinator/courses/${courseId}/versions/${versionId}/modules/01-basics/quiz`,
      'retire page': `/coordinator/courses/${courseId}/versions/${versionId}/retire`,
    };
    const report: Record<string, string[]> = {};
    // the steady state: a session's first page records its sign-in (a session write, which changes
    // the stamp); the next reads the session afresh, the one after remembers it
    for (let i = 0; i < 3; i += 1) await browser.get('/coordinator/courses');
    for (const [name, path] of Object.entries(pages)) {
      await browser.get(path);
      report[name] = await cost(name, async () => expect((await browser.get(path)).status, name).to.equal(200));
    }
    // the user's stamp and the catalogue's, under which every course, version and release event is
    // remembered (courses/course-listings.ts); FerretDB would decode three collections per view. A
    // preview's lesson and quiz are kept per server (a version never changes), the count of a
    // version's enrolments before a retire for half a minute
    expect(report, JSON.stringify(report)).to.deep.equal({
      'course list': ['find stamps', 'find stamps'],
      'version history': ['find stamps', 'find stamps'],
      'version outline': ['find stamps', 'find stamps'],
      'lesson preview': ['find stamps', 'find stamps'],
      'quiz preview': ['find stamps', 'find stamps'],
      'retire page': ['find stamps', 'find stamps'],
    });
  });

  it("costs an admin's user list two stamps, once its page's last sign-ins were read, and a user's page three", async () => {
    const user = await createUser(db, { role: 'admin', regionScope: null });
    const browser = await signIn(url, user.email, user.password);
    for (let i = 0; i < 3; i += 1) await browser.get('/admin/users'); // the steady state, as above
    // the admin's stamp and the users' (accounts/user-index.ts); the 25 last sign-ins are kept
    // for half a minute (accounts/sign-in-record.ts), where they were 25 reads per view
    expect(await cost('user list', async () => expect((await browser.get('/admin/users')).status).to.equal(200))).to.deep.equal(['find stamps', 'find stamps']);
    const teacher = await createUser(db);
    await browser.get(`/admin/users/${String(teacher.doc._id)}`);
    // the teacher and their enrolments under the teacher's stamp (the teacher by _id and one read
    // per course before)
    expect(await cost('user page', async () => expect((await browser.get(`/admin/users/${String(teacher.doc._id)}`)).status).to.equal(200))).to.deep.equal(['find stamps', 'find stamps', 'find stamps']);
  });

  it("costs an admin's view of a teacher's transcript two stamps once read, and shows the teacher as changed since", async () => {
    const admin = await createUser(db, { role: 'admin', regionScope: null });
    const browser = await signIn(url, admin.email, admin.password);
    const teacher = await createUser(db, { surname: 'Әбілқасымова', givenName: 'Гүлнұр' });
    const page = `/reports/teachers/${String(teacher.doc._id)}`;
    expect((await browser.get(page)).$('.facts dd').first().text()).to.contain('Әбілқасымова');
    // the steady state, as above: the first view wrote the new teacher's standing, which changed their stamp
    for (let i = 0; i < 2; i += 1) await browser.get(page);
    // the admin's stamp and the teacher's: the teacher's person and standing are remembered under
    // the latter, as on the teacher's own transcript (three reads before: the person and the standing by _id)
    expect(await cost('teacher transcript', async () => expect((await browser.get(page)).status).to.equal(200))).to.deep.equal(['find stamps', 'find stamps']);
    // a change of the teacher changes their stamp: the next view reads them again
    const edit = await browser.get(`/admin/users/${String(teacher.doc._id)}`);
    const saved = await browser.post(`/admin/users/${String(teacher.doc._id)}/details`, { _csrf: Browser.csrf(edit), surname: 'Серікқызы', givenName: 'Гүлнұр', patronymic: '', email: teacher.email });
    expect(saved.status, saved.$('[role=alert]').text()).to.equal(303);
    const after = await browser.get(page);
    expect(after.$('.facts dd').first().text()).to.contain('Серікқызы');
    expect(after.$('.facts dd').first().text()).to.not.contain('Әбілқасымова');
  });

  it("costs the export log its admin's stamp and one read of the next entry's number, however long the log", async () => {
    const admin = await createUser(db, { role: 'admin', regionScope: null });
    const browser = await signIn(url, admin.email, admin.password);
    const audit = exportAudit(db);
    for (let i = 0; i < 40; i += 1) await audit.finish(await audit.start({ actorId: 'a', actorName: `export ${i}`, scope: null, filters: {}, format: 'csv', via: 'cli', startedAt: new Date() }), 10, 'done', new Date());
    // the steady state, as above; the last page read the entries from before the numbering, once
    for (let i = 0; i < 3; i += 1) await Promise.all([browser.get('/reports/exports'), browser.get('/reports/exports?page=2')]);
    // every entry of a page by _id once, then kept; a sort of the whole log on every view before
    expect(await cost('export log', async () => expect((await browser.get('/reports/exports')).$('tbody tr')).to.have.length(30))).to.deep.equal(['find export_audit', 'find stamps']);
    expect(await cost('export log, last page', async () => expect((await browser.get('/reports/exports?page=2')).$('tbody tr').length).to.be.at.least(10))).to.deep.equal(['find export_audit', 'find stamps']);
  });

  it("costs the standard's page its admin's stamp: the versions are read once per few seconds, not per view", async () => {
    const admin = await createUser(db, { role: 'admin', regionScope: null });
    const browser = await signIn(url, admin.email, admin.password);
    for (let i = 0; i < 3; i += 1) await browser.get('/admin/standard'); // the steady state, as above
    expect(await cost('standard page', async () => expect((await browser.get('/admin/standard')).status).to.equal(200))).to.deep.equal(['find stamps']);
  });

  it("costs a sign-in the throttle's reads by _id, the login's key and user, and the new session", async () => {
    const teacher = await createUser(db);
    // from an address of its own: other tests' failed sign-ins count against the loopback address
    const browser = new Browser(url, { 'x-forwarded-for': '192.0.2.77' });
    const form = await browser.get('/login');
    const sent = await cost('sign-in', async () => expect((await browser.post('/login', { _csrf: Browser.csrf(form), login: teacher.iin, password: teacher.password })).status).to.equal(303));
    const count = (line: string) => sent.filter((c) => c === line).length;
    // the account's 7 windows from this address, the account's 7 from all addresses (since the
    // fourth audit: a guesser locks only their own address out) and the address's 7, the claim's
    // two probes and inserts, the windows again after it (racing claims count), then on success
    // the account's windows from this address once more and the claim's delete
    expect(count('find login_failures')).to.equal(7 + 7 + 7 + 2 + 8 + 8);
    expect(sent.filter((c) => !c.endsWith('login_failures'))).to.deep.equal(['find login_keys', 'find users', 'insert sessions', 'update sessions', 'update stamps', 'update stamps']);
  });
});
