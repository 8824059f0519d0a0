// The six built-in courses as teachers meet them: valid packages without warnings, imported at start,
// every page reachable from the catalogue rendered in Kazakh, light, and inside the mount path, and
// every activity template downloadable as a PDF whose Kazakh a PDF reader gets back.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Browser, type Page } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { createLogger } from '../../../server/logger.ts';
import { builtInCoursesDir, importBuiltInCourses } from '../../../server/courses/built-in.ts';
import { loadPackageAt } from '../../../server/courses/package/read-package.ts';
import { courseServices } from '../../../server/courses/courses.ts';

const folders = readdirSync(builtInCoursesDir).filter((d) => existsSync(path.join(builtInCoursesDir, d, 'course.yaml')));

function validateWithCli(folder: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/qorgau.js', 'courses', 'validate', folder], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('the six built-in courses', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mount: '/training' });
  });
  after(() => server.close());

  it('are six', () => {
    expect(folders.sort()).to.deep.equal(['bullying-prevention', 'children-at-higher-risk', 'deviant-behaviour', 'early-detection', 'law-and-order', 'personal-safety']);
  });

  for (const folder of folders) {
    it(`${folder} passes qorgau courses validate, without warnings`, async () => {
      const result = await validateWithCli(path.join('courses', folder));
      expect(result.out).to.match(/^valid: /);
      expect(result.out).not.to.contain('warning:');
      expect(result.code).to.equal(0);
      const pkg = await loadPackageAt(path.join(builtInCoursesDir, folder));
      expect(pkg.manifest.id).to.equal(folder);
    });
  }

  it('are all imported and published at start', async () => {
    const outcomes = await importBuiltInCourses(server.db, createLogger('silent'));
    expect(outcomes.map((o) => o.folder).sort()).to.deep.equal([...folders].sort());
    for (const o of outcomes) expect(o.result, o.folder).to.be.oneOf(['imported', 'unchanged']);
    const { catalog } = courseServices(server.db);
    for (const folder of folders) expect((await catalog.publishedVersionOf(folder))?.version, folder).to.match(/^\d+\.\d+\.\d+$/);
  });

  it('lets a teacher enrol in each and read every page in Kazakh, light and inside the mount path', async () => {
    await importBuiltInCourses(server.db, createLogger('silent'));
    const teacher = await createUser(server.db, { lang: 'kk' });
    const browser: Browser = await signIn(server.url, teacher.email, teacher.password);
    await browser.get('/?lang=kk');
    const seen = new Set<string>();
    const queue = ['/training/learn/catalogue'];
    const enrolled = new Set<string>();
    let lessons = 0;
    let pdfs = 0;
    while (queue.length && seen.size < 400) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const page: Page = await browser.get(server.origin + url);
      expect(page.status, url).to.equal(200);
      if (page.headers.get('content-type') === 'application/pdf') pdfs += 1;
      if (!(page.headers.get('content-type') ?? '').includes('html')) continue;
      expect(Buffer.byteLength(page.text), `${url} stays under 40 KB`).to.be.below(40 * 1024);
      expect(page.$('html').attr('lang')).to.equal('kk');
      if (/\/lessons\//.test(url)) {
        lessons += 1;
        expect(page.$('main').text(), url).to.match(/[әғқңөұүі]/);
        expect(page.$('main script, main [onerror], main iframe').length).to.equal(0);
      }
      for (const form of page.$('form[method=post]').toArray()) {
        const action = page.$(form).attr('action') ?? '';
        expect(action, `form on ${url}`).to.match(/^\/training\//);
        // other tests share this database and may have published courses of their own
        const builtIn = folders.some((f) => action.endsWith(`/learn/courses/${f}/enrol`));
        if (builtIn && !enrolled.has(action)) {
          enrolled.add(action);
          const done = await browser.post(server.origin + action, { _csrf: Browser.csrf(page) });
          expect(done.status, action).to.be.oneOf([302, 303]);
          queue.unshift(new URL(done.location!, server.origin).pathname);
          seen.delete(url);
        }
      }
      for (const a of page.$('main a[href]').toArray()) {
        const href = page.$(a).attr('href')!;
        if (/^(https?:|mailto:|#)/.test(href)) continue;
        const target = new URL(href, server.origin + url);
        expect(target.pathname, `link ${href} on ${url}`).to.match(/^\/training(\/|$)/);
        const ours = !/\/learn\/courses\//.test(target.pathname) || folders.some((f) => target.pathname.includes(`/learn/courses/${f}`));
        if (ours && /^\/training\/(learn|media)\//.test(target.pathname) && !/\/quiz|\/attempts/.test(target.pathname)) queue.push(target.pathname);
      }
    }
    expect(enrolled.size, 'enrolled in every course').to.equal(folders.length);
    expect(lessons, 'read every lesson').to.be.at.least(folders.length * 9);
    expect(pdfs, 'reached an activity template from every course').to.be.at.least(folders.length);

    // every template, in Kazakh, as a teacher downloads it
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const folder of folders) {
      const pkg = await loadPackageAt(path.join(builtInCoursesDir, folder));
      for (const activity of pkg.modules.flatMap((m) => m.activities)) {
        const response = await fetch(`${server.url}/learn/courses/${folder}/activities/${activity.id}.pdf?lang=kk`, { headers: { cookie } });
        expect(response.status, `${folder}/${activity.id}`).to.equal(200);
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(await response.arrayBuffer()), encoding: 'utf8' });
        // a long title wraps at a space or after a hyphen, which pdftotext then joins: compare without either
        const bare = (s: string) => s.replace(/[\s-]+/g, '');
        expect(bare(text), `${folder}/${activity.id}`).to.contain(bare(activity.title.kk!));
        expect(text, `${folder}/${activity.id}`).to.match(/[әғқңөұүі]/);
      }
    }
  });
});
