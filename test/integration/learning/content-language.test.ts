import { expect } from 'chai';
import YAML from 'yaml';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { learningCourseId, moduleOne } from '../../helpers/learning.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { readPackageAt } from '../../../server/courses/package/read-package.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

/** The learning fixture declared [en, ru] only: every kk text and file taken out. */
async function publishWithoutKazakh(server: TestServer, id: string): Promise<void> {
  const drop = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(drop) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'kk').map(([k, x]) => [k, drop(x)])) : v;
  const files = new Map(await readPackageAt('test/fixtures/learning/learning-course'));
  for (const [name, data] of [...files]) {
    if (/\.kk\.md$/.test(name)) files.delete(name);
    else if (/\.ya?ml$/.test(name)) {
      const doc = drop(YAML.parse(data.toString('utf8'))) as Record<string, unknown>;
      if (name === 'course.yaml') Object.assign(doc, { id, languages: ['en', 'ru'] });
      files.set(name, Buffer.from(YAML.stringify(doc)));
    } else if (/\.json$/.test(name)) files.set(name, Buffer.from(JSON.stringify(drop(JSON.parse(data.toString('utf8'))))));
  }
  const services = courseServices(server.db);
  const person = { id: null, name: 'test' };
  const stored = await services.importer.importPackage(validatePackage(files), { source: 'cli', person });
  await services.publisher.publish(id, stored.versionId, person);
}

describe('a course declared [en, ru] read in kk', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('shows the lesson title and body in one language, the course’s first', async () => {
    const courseId = learningCourseId('en-ru');
    await publishWithoutKazakh(server, courseId);
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.iin, user.password);
    await browser.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(await browser.get('/learn/catalogue')) });
    const lesson = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome?lang=kk`);
    expect(lesson.status).to.equal(200);
    expect(lesson.$('h1').text().trim()).to.equal('Welcome');
    expect(lesson.$('.lesson-body').html()).to.contain('<strong>the course format</strong>');
  });
});
