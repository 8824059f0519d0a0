// Security M1: a multipart body never skips the CSRF check. Upload routes check the token after
// Multer; every other route refuses a multipart body, whatever it carries.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { learningCourseId, publishLearningCourse } from '../../helpers/learning.ts';
import { courseServices } from '../../../server/courses/courses.ts';

function multipart(fields: Record<string, string>, file?: { field: string; name: string; data: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(file.field, new Blob([file.data]), file.name);
  return form;
}

describe('multipart bodies and the CSRF token', () => {
  let server: TestServer;
  let admin: Browser;
  let courseId: string;
  let versionId: string;

  before(async () => {
    server = await startTestServer();
    courseId = learningCourseId('csrf');
    ({ versionId } = await publishLearningCourse(server.db, courseId));
    const user = await createUser(server.db, { role: 'admin' });
    admin = await signIn(server.url, user.iin, user.password);
  });
  after(async () => server.close());

  for (const action of ['publish', 'retire'] as const) {
    it(`refuses to ${action} a course version from a multipart body without a token, and changes nothing`, async () => {
      const page = await admin.request('POST', `/coordinator/courses/${courseId}/versions/${versionId}/${action}`, { body: multipart({}) });
      expect(page.status).to.equal(415);
      expect(page.text).to.contain('form');
      const published = await courseServices(server.db).catalog.publishedVersionOf(courseId);
      expect(String(published?.versionId)).to.equal(versionId);
    });
  }

  it('refuses to log out from a multipart body, even with a valid token', async () => {
    const token = Browser.csrf(await admin.get('/profile'));
    const page = await admin.request('POST', '/logout', { body: multipart({ _csrf: token }) });
    expect(page.status).to.equal(415);
    expect((await admin.get('/profile')).status).to.equal(200);
  });

  it('refuses a multipart import commit', async () => {
    const page = await admin.request('POST', '/admin/import/000000000000000000000000', { body: multipart({}) });
    expect(page.status).to.equal(415);
  });

  for (const [path, field] of [
    ['/admin/import', 'file'],
    ['/coordinator/courses/upload', 'package'],
  ] as const) {
    it(`checks the token after Multer on the upload route ${path}`, async () => {
      const without = await admin.request('POST', path, { body: multipart({}, { field, name: 'x.csv', data: 'iin\n' }) });
      expect(without.status).to.equal(403);
      const wrong = await admin.request('POST', path, { body: multipart({ _csrf: 'forged' }, { field, name: 'x.csv', data: 'iin\n' }) });
      expect(wrong.status).to.equal(403);
      const token = Browser.csrf(await admin.get(path));
      const withToken = await admin.request('POST', path, { body: multipart({ _csrf: token }, { field, name: 'x.csv', data: 'iin\n' }) });
      expect(withToken.status).to.be.within(400, 422).and.not.equal(403);
    });
  }
});
