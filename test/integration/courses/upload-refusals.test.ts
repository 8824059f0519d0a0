import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { courseCounts, courseId, coursePackage, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { buildZip, edit, zipOf } from '../../helpers/zip.ts';

function withEntry(files: Map<string, Buffer>, extra: Parameters<typeof buildZip>[0][number]): Buffer {
  return buildZip([...[...files].map(([name, data]) => ({ name, data })), extra]);
}

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return lines.join('\n');
}

// Each bad package: what to upload, and the problem line the page must show (in English).
const cases: { name: string; zip: () => Buffer; expected: RegExp; status?: number }[] = [
  { name: 'a zip-slip entry ../../x', zip: () => withEntry(coursePackage(courseId()), { name: '../../x', data: Buffer.from('x') }), expected: /^\.\.\/\.\.\/x: contains "\.\."/ },
  { name: 'a zip-slip entry /etc/x', zip: () => withEntry(coursePackage(courseId()), { name: '/etc/x', data: Buffer.from('x') }), expected: /^\/etc\/x: is an absolute path/ },
  { name: 'a zip-slip entry ..\\x', zip: () => withEntry(coursePackage(courseId()), { name: '..\\x', data: Buffer.from('x') }), expected: /^\.\.\\x: contains a backslash/ },
  { name: 'a symlink entry', zip: () => withEntry(coursePackage(courseId()), { name: 'modules/01-basics/images/link.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }), expected: /^modules\/01-basics\/images\/link\.png: is a symbolic link/ },
  { name: 'a zip bomb by compression ratio', zip: () => withEntry(coursePackage(courseId()), { name: 'modules/01-basics/images/bomb.png', data: Buffer.alloc(9 * 1024 * 1024) }), expected: /^modules\/01-basics\/images\/bomb\.png: is compressed \d+ times; at most 100 times is allowed/ },
  { name: 'a zip bomb by entry count', zip: () => buildZip(Array.from({ length: 2001 }, (_, i) => ({ name: `modules/m/l${i}.kk.md`, data: Buffer.from('x'), method: 0 as const }))), expected: /^\(package\): the archive has 2001 entries; at most 2000 are allowed/ },
  {
    name: 'an entry whose real size differs from its declared size',
    zip: () => buildZip([...coursePackage(courseId())].map(([name, data]) => ({ name, data, ...(name.endsWith('.en.md') ? { declaredSize: data.length + 7 } : {}) }))),
    expected: /its real size differs from the size the archive declares/,
  },
  { name: 'a PNG renamed .zip', zip: () => coursePackage(courseId()).get('modules/01-basics/images/algorithm.png')!, expected: /^\(package\): is a PNG file renamed to \.zip, not a \.zip archive/ },
  { name: 'a YAML alias bomb', zip: () => zipOf(coursePackage(courseId()).set('course.yaml', Buffer.from(aliasBomb()))), expected: /^course\.yaml: uses too many YAML aliases/ },
  { name: 'YAML !!js/function', zip: () => zipOf(edit(coursePackage(courseId()), 'course.yaml', (t) => t.replace('academicHours: 2', 'academicHours: !!js/function "function () { process.exit(1) }"'))), expected: /^course\.yaml: uses the tag tag:yaml\.org,2002:js\/function/ },
  {
    name: 'JSON nested 100,000 deep',
    zip: () => {
      const files = coursePackage(courseId());
      files.delete('modules/02-practice/quiz.json');
      // stored, not deflated: brackets compress far beyond the ratio limit, which would refuse it first
      return withEntry(files, { name: 'modules/02-practice/quiz.json', data: Buffer.from(`{"questions":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), method: 0 });
    },
    expected: /^modules\/02-practice\/quiz\.json: Module 2: is nested more than 32 levels deep/,
  },
  { name: 'a missing translation', zip: () => zipOf(edit(coursePackage(courseId()), 'course.yaml', (t) => t.replace('      kk: Негіздер\n', ''))), expected: /^course\.yaml: \/modules\/0\/title\/kk: Module 1: the kk translation is missing$/ },
  { name: 'a quiz whose correct answer does not exist', zip: () => zipOf(edit(coursePackage(courseId()), 'modules/01-basics/quiz.yaml', (t) => t.replace('    correct: a\n', '    correct: e\n'))), expected: /^modules\/01-basics\/quiz\.yaml: \/questions\/0\/correct: Module 1, question 1: the correct answer "e" is not one of the question's options$/ },
  { name: 'a damaged zip', zip: () => zipOf(coursePackage(courseId())).subarray(0, 200), expected: /^\(package\): the \.zip archive is damaged/ },
  { name: 'random bytes', zip: () => randomBytes(4096), expected: /^\(package\): is not a \.zip archive/ },
];

describe('POST /coordinator/courses/upload with a bad package', () => {
  let server: TestServer;
  let coordinator: Browser;
  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'coordinator' });
    coordinator = await signIn(server.url, user.email, user.password);
    await coordinator.get('/coordinator/courses?lang=en');
  });
  after(() => server.close());

  for (const bad of cases) {
    it(`refuses ${bad.name} with a clear message, stores nothing and stays up`, async () => {
      const before = await courseCounts(server.db);
      const page = await uploadPackage(coordinator, bad.zip());
      expect(page.status).to.equal(bad.status ?? 400);
      expect(page.$('#form-errors .notice-title').text()).to.match(/^The package was not accepted\. Problems found: \d+\.$/);
      const lines = page.$('.problem-list li').map((_, li) => page.$(li).text()).get();
      expect(lines.some((line) => bad.expected.test(line)), lines.join('\n')).to.equal(true);
      expect(page.text).to.contain('Nothing was stored.');
      expect(await courseCounts(server.db)).to.deep.equal(before);
      expect((await new Browser(server.url).get('/healthz')).status).to.equal(200);
    });
  }

  it('shows the problems in the coordinator\'s language', async () => {
    const page = await uploadPackage(coordinator, zipOf(edit(coursePackage(courseId()), 'course.yaml', (t) => t.replace('  en: Mini course\n', ''))));
    await coordinator.get('/coordinator/courses?lang=kk');
    const kk = await uploadPackage(coordinator, zipOf(edit(coursePackage(courseId()), 'course.yaml', (t) => t.replace('  en: Mini course\n', ''))));
    await coordinator.get('/coordinator/courses?lang=en');
    expect(page.$('.problem-list li').text()).to.equal('course.yaml: /title/en: the en translation is missing');
    expect(kk.status).to.equal(400);
    expect(kk.$('.problem-list li').text()).to.equal('course.yaml: /title/en: en тіліндегі аудармасы жоқ');
    expect(kk.$('#form-errors .notice-title').text()).to.equal('Пакет қабылданбады. Табылған мәселелер саны: 1.');
    // a problem of the whole package is placed in the coordinator's language too
    await coordinator.get('/coordinator/courses?lang=ru');
    const png = await uploadPackage(coordinator, coursePackage(courseId()).get('modules/01-basics/images/algorithm.png')!);
    await coordinator.get('/coordinator/courses?lang=en');
    expect(png.$('.problem-list li').first().text()).to.match(/^\(пакет целиком\): /);
  });

  it('counts modules, lessons and questions from 1 in kk, ru and en, beside the exact 0-based pointer', async () => {
    const bad = () =>
      zipOf(
        edit(
          edit(coursePackage(courseId()), 'course.yaml', (t) => t.replace('          kk: Ден қою алгоритмі\n', '')),
          'modules/01-basics/quiz.yaml',
          (t) => t.replace('    correct: a\n', '    correct: e\n'),
        ),
      );
    const expected = {
      kk: ['course.yaml: /modules/0/lessons/1/title/kk: 1-модуль, 2-сабақ: ', 'modules/01-basics/quiz.yaml: /questions/0/correct: 1-модуль, 1-сұрақ: '],
      ru: ['course.yaml: /modules/0/lessons/1/title/kk: Модуль 1, урок 2: ', 'modules/01-basics/quiz.yaml: /questions/0/correct: Модуль 1, вопрос 1: '],
      en: ['course.yaml: /modules/0/lessons/1/title/kk: Module 1, lesson 2: the kk translation is missing', 'modules/01-basics/quiz.yaml: /questions/0/correct: Module 1, question 1: the correct answer "e" is not one of the question\'s options'],
    };
    try {
      for (const [lang, lines] of Object.entries(expected)) {
        await coordinator.get(`/coordinator/courses?lang=${lang}`);
        const page = await uploadPackage(coordinator, bad());
        expect(page.status).to.equal(400);
        const shown = page.$('.problem-list li').map((_, li) => page.$(li).text()).get();
        for (const line of lines) expect(shown.some((s) => s.startsWith(line)), `${lang}: ${line}\n${shown.join('\n')}`).to.equal(true);
      }
    } finally {
      await coordinator.get('/coordinator/courses?lang=en');
    }
  });

  it('refuses a file over 50 MB with 413 and stores nothing', async () => {
    const before = await courseCounts(server.db);
    const page = await uploadPackage(coordinator, Buffer.alloc(50 * 1024 * 1024 + 1));
    expect(page.status).to.equal(413);
    expect(page.$('#form-errors .notice-title').text()).to.equal('The file is larger than 50 MB.');
    expect(await courseCounts(server.db)).to.deep.equal(before);
  });

  it('refuses an upload without a file', async () => {
    const form = new FormData();
    form.set('_csrf', Browser.csrf(await coordinator.get('/coordinator/courses/upload')));
    const page = await coordinator.request('POST', '/coordinator/courses/upload', { body: form });
    expect(page.status).to.equal(400);
    expect(page.$('#form-errors .notice-title').text()).to.equal('Choose a .zip file to upload.');
  });

  it('refuses an upload without the CSRF token, after reading it within the limits', async () => {
    const before = await courseCounts(server.db);
    const page = await uploadPackage(coordinator, zipOf(coursePackage(courseId())), 'package.zip', 'forged');
    expect(page.status).to.equal(403);
    expect(await courseCounts(server.db)).to.deep.equal(before);
  });

  it('refuses anonymous and teacher uploads before reading them', async () => {
    const teacherUser = await createUser(server.db, { role: 'teacher' });
    const teacher = await signIn(server.url, teacherUser.email, teacherUser.password);
    const anonymous = new Browser(server.url);
    const form = () => {
      const data = new FormData();
      data.set('package', new Blob([new Uint8Array(zipOf(coursePackage(courseId())))]), 'p.zip');
      return data;
    };
    // not signed in (a session that ended): to the sign-in form, the package unread
    const refused = await anonymous.request('POST', '/coordinator/courses/upload', { body: form() });
    expect(refused.status).to.equal(303);
    expect(refused.location).to.match(/^\/login/);
    expect((await teacher.request('POST', '/coordinator/courses/upload', { body: form() })).status).to.equal(403);
    expect((await teacher.get('/coordinator/courses/upload')).status).to.equal(403);
  });
});
