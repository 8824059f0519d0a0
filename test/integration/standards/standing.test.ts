import { expect } from 'chai';
import { createUser, signIn } from '../../helpers/users.ts';
import { Browser } from '../../helpers/browser.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, publishLearningCourse, startAttempt, storedAttempt } from '../../helpers/learning.ts';
import { postFile, startOwnServer, type OwnServer } from '../reports/own-server.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import { createLogger } from '../../../server/logger.ts';
import { EXPIRING_DAYS } from '../../../server/standards/standing.ts';
import { standardsServices } from '../../../server/standards/standards.ts';
import { standardYaml } from '../../helpers/standings.ts';

const onlyQs1 = (version: number) => standardYaml(version);

describe('the national standard and standings', function () {
  this.timeout(120_000);
  let server: OwnServer;
  /** the teacher a completion made compliant, for the sweep's test */
  let compliant: { id: string; browser: Browser } | undefined;
  const clock = new MovableClock(Date.parse('2026-11-20T08:00:00Z'));

  before(async () => {
    server = await startOwnServer('standards', clock);
  });
  after(async () => server.close());

  it('lists every schema problem of an uploaded definition at once, as file: /pointer: message, and stores nothing', async () => {
    const admin = await createUser(server.db, { role: 'admin', regionScope: null });
    const browser = await signIn(server.url, admin.iin, admin.password);
    const page = await browser.get('/admin/standard?lang=en');
    expect(page.status).to.equal(200);
    const bad = 'example: maybe\nversion: 0\ntitle: { kk: x, ru: y }\ncycleMonths: 36\nrequirements:\n  - code: qs 1\n    kind: stars\n    title: { kk: a, ru: b, en: c }\n';
    const res = await postFile(`${server.url}/admin/standard`, browser.cookies, Browser.csrf(page), 'bad.yaml', bad);
    expect(res.status).to.equal(400);
    const text = res.text;
    for (const expected of ['bad.yaml: /example:', 'bad.yaml: /version:', 'bad.yaml: /title/en:', 'bad.yaml: /effectiveFrom:', 'bad.yaml: /requirements/0/code:', 'bad.yaml: /requirements/0/kind:']) expect(text).to.contain(expected);
    const after = await browser.get('/admin/standard?lang=en');
    expect(after.$('dl.facts dd').eq(1).text()).to.equal('1');
  });

  it('refuses an upload by a regional admin', async () => {
    const admin = await createUser(server.db, { role: 'admin', regionScope: 'almaty' });
    const browser = await signIn(server.url, admin.iin, admin.password);
    const page = await browser.get('/admin/standard');
    const res = await postFile(`${server.url}/admin/standard`, browser.cookies, Browser.csrf(page), 'std.yaml', onlyQs1(5));
    expect(res.status).to.equal(403);
  });

  it('changes a teacher\'s standing when a completion is recorded', async () => {
    const { courseId } = await publishLearningCourse(server.db, learningCourseId('std'), '1.0.0', (name, text) => (name === 'course.yaml' ? text.replace('standards: [QS-01]', 'standards: [QS-1]') : text));
    const admin = await createUser(server.db, { role: 'admin', regionScope: null });
    const adminBrowser = await signIn(server.url, admin.iin, admin.password);
    const page = await adminBrowser.get('/admin/standard');
    const stored = await postFile(`${server.url}/admin/standard`, adminBrowser.cookies, Browser.csrf(page), 'only-qs1.yaml', onlyQs1(2));
    expect(stored.status).to.equal(303);
    // the same form sent again (a double tap, or back and send): the page, saying it is stored already
    const again = await postFile(`${server.url}/admin/standard`, adminBrowser.cookies, Browser.csrf(page), 'only-qs1.yaml', onlyQs1(2));
    expect(again.status).to.equal(303);
    expect((await adminBrowser.get('/admin/standard?lang=en')).$('.flash, [role=status], .notice').text()).to.contain('stored already, as version 2');

    const teacher = await createUser(server.db, { surname: 'Қасымова', givenName: 'Гүлнұр' });
    const id = String(teacher.doc._id);
    const browser = await signIn(server.url, teacher.iin, teacher.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const before = await server.db.collection('standings').findOne({ _id: id as never });
    expect(before?.standing ?? 'not-started').to.not.equal('compliant');

    const attemptId = await startAttempt(browser, courseId);
    const seq = await answerAll(browser, server.db, attemptId);
    const finished = await finishAttempt(browser, attemptId, seq);
    expect(finished.status).to.equal(303);
    expect((await storedAttempt(server.db, attemptId)).passed).to.equal(true);

    const after = await server.db.collection('standings').findOne({ _id: id as never });
    expect(after?.standing).to.equal('compliant');
    expect(after?.standardVersion).to.equal(2);
    expect(after?.completions.map((c: { courseId: string }) => c.courseId)).to.deep.equal([courseId]);
    // the transcript names the certificate that the completion issued
    const transcript = await browser.get('/transcript?lang=en');
    expect(transcript.text).to.match(/QRG-\d{4}-\d{6}/);
    // the completion's date as the other pages show dates, the ISO date kept for machines
    const when = transcript.$('tbody time').first();
    expect(when.attr('datetime')).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(when.text()).to.match(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    compliant = { id, browser };
  });

  it('moves the teacher to expiring, then overdue, as time passes, through the sweep', async () => {
    expect(compliant, 'the teacher of the test before').to.not.equal(undefined);
    const { id, browser } = compliant!;
    const row = async () => (await server.db.collection('standings').findOne({ _id: id as never }))!;
    const stored = await row();
    expect(stored.standing).to.equal('compliant');
    const expiresAt = (stored.expiresAt as Date).getTime();
    expect((stored.reviewAt as Date).getTime()).to.equal(expiresAt - EXPIRING_DAYS * 86_400_000);
    // the sweep as the server's timer runs it, on this clock
    const courses = courseServices(server.db, clock);
    const learning = learningFeature({ db: server.db, clock, logger: createLogger('silent'), catalog: courses.catalog });
    const { standings } = standardsServices({ db: server.db, clock, logger: createLogger('silent'), directory: directoryService(server.db), learning: learning.services, catalog: courses.catalog });

    await standings.sweep();
    expect((await row()).standing, 'nothing is due yet').to.equal('compliant');
    clock.advance((stored.reviewAt as Date).getTime() - clock.now().getTime() + 3_600_000);
    await standings.sweep();
    expect((await row()).standing).to.equal('expiring');
    clock.advance(expiresAt - clock.now().getTime() + 3_600_000);
    await standings.sweep();
    const lapsed = await row();
    expect(lapsed.standing).to.equal('overdue');
    expect(lapsed.missing).to.deep.equal(['QS-1']);
    // the teacher's own transcript shows it on the next page
    const transcript = await browser.get('/transcript?lang=en');
    expect(transcript.status).to.equal(200);
    expect(transcript.$('main').text()).to.match(/overdue/i);
  });
});
