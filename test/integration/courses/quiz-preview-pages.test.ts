// A bank's preview shows its questions with their keys a few at a time, so the page stays light
// (the built-in course's 14-question banks made pages of 44 KB in Kazakh and Russian).
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import type { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { courseId as newCourseId } from '../../helpers/packages.ts';
import { filesOf } from '../../helpers/zip.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

describe('the quiz preview of a large bank', function () {
  this.timeout(60_000);
  let server: TestServer;
  let coordinator: Browser;
  let quizPath: string;

  before(async () => {
    server = await startTestServer();
    const id = newCourseId('bank');
    const files = filesOf('courses/bullying-prevention');
    files.set('course.yaml', Buffer.from(files.get('course.yaml')!.toString('utf8').replace('id: bullying-prevention', `id: ${id}`)));
    const stored = await courseServices(server.db).importer.importPackage(validatePackage(files), { source: 'cli', person: { id: null, name: 'test' } });
    quizPath = `/coordinator/courses/${id}/versions/${String(stored.versionId)}/modules/03-whole-school/quiz`;
    const staff = await createUser(server.db, { role: 'coordinator' });
    coordinator = await signIn(server.url, staff.email, staff.password);
  });
  after(async () => server.close());

  it('shows 8 questions with their keys a page, under 40 KB in every language, and the next page the rest', async () => {
    for (const lang of ['kk', 'ru', 'en']) {
      const first = await coordinator.get(`${quizPath}?seed=s1&lang=${lang}`);
      expect(first.status).to.equal(200);
      expect(Buffer.byteLength(first.text), lang).to.be.lessThan(40 * 1024);
      expect(first.$('.answer-key')).to.have.length(8);
      const next = first.$('a[rel=next]').attr('href')!;
      expect(next).to.contain('seed=s1').and.contain('page=2');
      const second = await coordinator.get(`${next}&lang=${lang}`);
      expect(second.$('.answer-key')).to.have.length(6);
      expect(second.$('a[rel=next]')).to.have.length(0);
      // numbered on from the first page
      expect(second.$('.question-number').first().attr('id')).to.not.equal(first.$('.question-number').first().attr('id'));
    }
    expect((await coordinator.get(`${quizPath}?page=0`)).status).to.equal(400);
  });
});
