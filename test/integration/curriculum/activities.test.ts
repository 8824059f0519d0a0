// Curriculum 2.0 through the site: a package with an activity and a content note is uploaded,
// its warnings and expected time shown to the coordinator, its template downloaded as a PDF whose
// Kazakh text a PDF reader (poppler's pdftotext) gets back letter for letter; packages that leave
// a template orphaned or claim more hours than they hold are refused and store nothing.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { courseCounts, courseId, coursePackage, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { edit, zipOf } from '../../helpers/zip.ts';
import { courseServices } from '../../../server/courses/courses.ts';

interface Download {
  status: number;
  type: string | null;
  disposition: string | null;
  cookies: string[];
  bytes: Buffer;
}

async function download(server: TestServer, browser: Browser, url: string): Promise<Download> {
  const response = await fetch(server.url + url, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, redirect: 'manual' });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    cookies: response.headers.getSetCookie(),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-activity-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withNote = (files: Map<string, Buffer>) => edit(files, 'course.yaml', (t) => t.replace('        minSeconds: 60\n', '        minSeconds: 60\n        contentNote: sexual-violence\n'));

describe('activity templates, content notes and honest hours on the site', function () {
  this.timeout(120_000);
  let server: TestServer;
  let coordinator: Browser;
  let teacher: Browser;
  const id = courseId('activities');
  let versionPath = '';

  before(async () => {
    server = await startTestServer({ mount: '/training' });
    const staff = await createUser(server.db, { role: 'coordinator' });
    coordinator = await signIn(server.url, staff.email, staff.password);
    await coordinator.get('/coordinator/courses?lang=en');
    const user = await createUser(server.db, { role: 'teacher', lang: 'kk' });
    teacher = await signIn(server.url, user.email, user.password);
    await teacher.get('/learn?lang=kk');
  });
  after(() => server.close());

  it('imports a package with an activity and shows the coordinator its warnings, expected time and templates', async () => {
    const page = await uploadPackage(coordinator, zipOf(withNote(coursePackage(id))));
    expect(page.status).to.equal(303);
    versionPath = page.location!.replace('/training', '');
    const outline = await coordinator.get(versionPath);
    expect(outline.status).to.equal(200);
    expect(outline.text).to.contain('Expected learner time: 85 min; academic hours it supports: at most 2.');
    const warnings = outline.$('.problem-list li').toArray().map((li) => outline.$(li).text());
    expect(warnings).to.deep.equal([
      '(package): en: in 1 of 1 single-choice questions (100 %) the correct option is the longest one; keep that to a third at most, so that length gives no answer away',
      'modules/01-basics/quiz.yaml: /questions/0/options: Module 1, question 1: options in this single-choice question: 2; give it at least 3',
      'modules/01-basics/quiz.yaml: /questions/1/options: Module 1, question 2: wrong options in this multiple-choice question: 1; give it at least 2 plausible ones',
    ]);
    expect(outline.$('h2.notice-title').text()).to.equal('Quality warnings: 3');
    const links = outline.$('.activity-list a').toArray().map((a) => outline.$(a).attr('href'));
    expect(links).to.deep.equal(['kk', 'ru', 'en'].map((lang) => `/training${versionPath}/activities/record-of-concern.pdf?lang=${lang}`));
    // the same warnings in the coordinator's language
    const kk = await coordinator.get(`${versionPath}?lang=kk`);
    expect(kk.$('h2.notice-title').text()).to.equal('Сапа туралы ескертулер: 3');
    await coordinator.get(`${versionPath}?lang=en`);
  });

  it('lets staff download a draft template as an A4 PDF whose Kazakh letters are extractable', async () => {
    const pdf = await download(server, coordinator, `${versionPath}/activities/record-of-concern.pdf?lang=kk`);
    expect(pdf.status).to.equal(200);
    expect(pdf.type).to.equal('application/pdf');
    expect(pdf.disposition).to.equal('attachment; filename="record-of-concern.kk.pdf"');
    expect(pdf.bytes.subarray(0, 5).toString()).to.equal('%PDF-');
    const text = pdfText(pdf.bytes);
    expect(text).to.contain('Алаңдаушылықты тіркеу парағы');
    expect(text).to.contain('Құпия сақтаймын деп уәде бермедім.');
    expect(text).to.contain('Бала не айтты');
    for (const letter of 'әғқңөұүі') expect(text, letter).to.contain(letter);
    const info = execFileSync('pdfinfo', ['-'], { input: pdf.bytes, encoding: 'utf8' });
    expect(info).to.match(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).to.match(/Title:\s+Алаңдаушылықты тіркеу парағы/);
  });

  it('offers the template to an enrolled teacher only, in the language asked for, without changing the page language', async () => {
    const services = courseServices(server.db);
    await services.publisher.publish(id, versionPath.split('/').pop()!, { id: null, name: 'test' });
    const before = await download(server, teacher, `/learn/courses/${id}/activities/record-of-concern.pdf?lang=kk`);
    expect(before.status).to.equal(404);

    const course = await teacher.get(`/learn/courses/${id}`);
    expect(course.$('.activity-list li').text()).to.contain('Алаңдаушылықты тіркеу парағы');
    expect(course.$('.activity-list a')).to.have.length(0);
    const enrolled = await teacher.post(`/learn/courses/${id}/enrol`, { _csrf: Browser.csrf(course) });
    expect(enrolled.status).to.equal(303);
    const page = await teacher.get(`/learn/courses/${id}`);
    const hrefs = page.$('.activity-list a').toArray().map((a) => page.$(a).attr('href'));
    expect(hrefs).to.deep.equal(['kk', 'ru', 'en'].map((lang) => `/training/learn/courses/${id}/activities/record-of-concern.pdf?lang=${lang}`));

    const ru = await download(server, teacher, `/learn/courses/${id}/activities/record-of-concern.pdf?lang=ru`);
    expect(ru.status).to.equal(200);
    expect(pdfText(ru.bytes)).to.contain('Лист фиксации беспокойства');
    expect(ru.cookies.filter((c) => c.startsWith('qorgau_lang='))).to.deep.equal([]);
    expect((await teacher.get(`/learn/courses/${id}`)).$('html').attr('lang')).to.equal('kk');

    const kk = await download(server, teacher, `/learn/courses/${id}/activities/record-of-concern.pdf?lang=kk`);
    expect(pdfText(kk.bytes)).to.contain('Алаңдаушылықты тіркеу парағы');
    expect((await download(server, teacher, `/learn/courses/${id}/activities/record-of-concern.pdf?lang=de`)).status).to.equal(400);
    expect((await download(server, teacher, `/learn/courses/${id}/activities/no-such-template.pdf`)).status).to.equal(404);
    // nor does a template that is not there, or an export, leave another language for the pages
    for (const file of [`/learn/courses/${id}/activities/no-such-template.pdf?lang=ru`, '/transcript.csv?lang=en']) {
      expect((await download(server, teacher, file)).cookies.filter((c) => c.startsWith('qorgau_lang=')), file).to.deep.equal([]);
    }
    expect((await teacher.get(`/learn/courses/${id}`)).$('html').attr('lang')).to.equal('kk');
    // a teacher never reaches the staff preview, not even of a published version
    expect((await download(server, teacher, `${versionPath}/activities/record-of-concern.pdf`)).status).to.equal(403);
  });

  it('shows the content note before the lesson body, and the module activities on its practice lessons', async () => {
    const lesson = await teacher.get(`/learn/courses/${id}/modules/01-basics/lessons/01-welcome`);
    expect(lesson.status).to.equal(200);
    const note = lesson.$('.content-note');
    expect(note.text()).to.contain('Мазмұн туралы ескерту');
    expect(note.text()).to.contain('«111»');
    expect(lesson.$('.content-note + .lesson-body')).to.have.length(1);
    const other = await teacher.get(`/learn/courses/${id}/modules/01-basics/lessons/02-algorithm`);
    expect(other.$('.content-note')).to.have.length(0);
    const practice = await teacher.get(`/learn/courses/${id}/modules/02-practice/lessons/01-case`);
    expect(practice.$('.activity-list a')).to.have.length(3);
  });

  it('refuses an orphan template by name and stores nothing', async () => {
    const before = await courseCounts(server.db);
    const files = coursePackage(courseId('orphan'));
    files.set('modules/02-practice/activities/class-agreement.en.md', Buffer.from('Our class agrees:\n\n1. ______\n'));
    const page = await uploadPackage(coordinator, zipOf(files));
    expect(page.status).to.equal(400);
    const problems = page.$('.problem-list li').toArray().map((li) => page.$(li).text());
    expect(problems).to.deep.equal(["modules/02-practice/activities/class-agreement.en.md: is not an activity template of course.yaml in one of the course's languages"]);
    expect(await courseCounts(server.db)).to.deep.equal(before);
  });

  it('refuses a course that claims more hours than its content supports, with the declared and supported hours', async () => {
    const before = await courseCounts(server.db);
    const files = edit(coursePackage(courseId('hours')), 'course.yaml', (t) => t.replace('academicHours: 2', 'academicHours: 12'));
    const page = await uploadPackage(coordinator, zipOf(files));
    expect(page.status).to.equal(400);
    expect(page.$('.problem-list li').text()).to.equal(
      'course.yaml: /academicHours: academicHours is 12, but the content supports at most 2: the expected learner time is 85 min (reading 0 min at 150 words a minute, quizzes 15 min, activities 70 min), an academic hour is 45 min, and 10 % more is allowed. Lower academicHours or add content.',
    );
    expect(await courseCounts(server.db)).to.deep.equal(before);
    const ru = await uploadPackage(coordinator, zipOf(files), 'package.zip', Browser.csrf(await coordinator.get('/coordinator/courses/upload?lang=ru')));
    expect(ru.$('.problem-list li').text()).to.contain('в academicHours указано 12, но содержание обеспечивает не более 2:');
    await coordinator.get('/coordinator/courses?lang=en');
  });
});
