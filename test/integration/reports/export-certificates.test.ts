import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { createLogger } from '../../../server/logger.ts';
import { standardsForCli } from '../../../server/standards/standards.cli.ts';
import { testConfig } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { padLessons } from '../certificates/course.ts';
import { startOwnServer, type OwnServer } from './own-server.ts';

describe('rosters: certificate serials in the export', function () {
  this.timeout(120_000);
  const clock = new MovableClock();
  let server: OwnServer;
  let national: Browser;
  let courseId: string;
  let iin: string;

  /** The certificate cell of the teacher's row of this course in the national CSV export. */
  async function exported(): Promise<string | undefined> {
    const res = await fetch(`${server.url}/reports/roster.csv?lang=en`, { headers: { cookie: [...national.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).to.equal(200);
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    // an IIN cell is the text formula ="<12 digits>" (export-csv.ts)
    return rows.find((r) => r['IIN'] === `="${iin}"` && r['Course'] === courseId)?.['Certificate'];
  }

  /** Waits for the standing written after a certificate change (the listener runs after the response). */
  async function until(expected: RegExp | ''): Promise<string | undefined> {
    let cell: string | undefined;
    for (let i = 0; i < 100; i++) {
      cell = await exported();
      if (cell !== undefined && (expected === '' ? cell === '' : expected.test(cell))) return cell;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return cell;
  }

  before(async () => {
    server = await startOwnServer('export-certs', clock);
    courseId = learningCourseId('export-cert');
    await publishLearningCourse(server.db, courseId, '1.0.0', padLessons);
    const teacher = await createUser(server.db, { surname: 'Қожаһметова', givenName: 'Әйгерім', region: 'almaty' });
    iin = teacher.iin;
    const browser = await signIn(server.url, teacher.iin, teacher.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const id = await startAttempt(browser, courseId);
    expect((await finishAttempt(browser, id, await answerAll(browser, server.db, id))).status).to.equal(303);
    const admin = await createUser(server.db, { role: 'admin', regionScope: null });
    national = await signIn(server.url, admin.iin, admin.password);
  });
  after(async () => server.close());

  it('carries the serial of the certificate issued on completion, drops it when revoked, and keeps that through a rebuild', async () => {
    const serial = await until(/^QRG-\d{4}-\d{6}$/);
    expect(serial).to.match(/^QRG-\d{4}-\d{6}$/);

    const form = await national.get(`/admin/certificates/${serial!}`);
    expect(form.status).to.equal(200);
    expect((await national.post(`/admin/certificates/${serial!}/revoke`, { _csrf: Browser.csrf(form), reason: 'error' })).status).to.equal(303);
    expect(await until('')).to.equal('');

    // `qorgau standards rebuild` computes the rows again from the sources, certificates included
    const { standings } = standardsForCli({ config: testConfig(), db: server.db, logger: createLogger('silent') });
    const row = await standings.refresh((await server.db.db!.collection('users').findOne({ iin }))!._id.toString());
    expect(row?.completions.find((c) => c.courseId === courseId)?.certificate).to.equal(null);
  });

  it('keeps the serial when the standings are rebuilt from the sources', async () => {
    const teacher = await createUser(server.db, { surname: 'Сейітқали', givenName: 'Өмірзақ', region: 'astana' });
    const browser = await signIn(server.url, teacher.iin, teacher.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const id = await startAttempt(browser, courseId);
    expect((await finishAttempt(browser, id, await answerAll(browser, server.db, id))).status).to.equal(303);
    iin = teacher.iin;
    const serial = await until(/^QRG-/);
    // a row stored before standings carried serials: the transcript computes it again
    await server.db.db!.collection('standings').updateOne({ iin }, { $unset: { 'completions.0.certificate': '' } });
    expect((await browser.get('/transcript?lang=en')).text).to.contain(serial);
    await server.db.db!.collection('standings').updateOne({ iin }, { $set: { 'completions.0.certificate': null } });
    const { standings } = standardsForCli({ config: testConfig(), db: server.db, logger: createLogger('silent') });
    expect(await standings.rebuild()).to.be.greaterThan(1);
    expect(await exported()).to.equal(serial);
  });
});
