// A server remembers every course, version and release event under the catalogue's stamp
// (courses/course-listings.ts). An upload, a publish or a retire made through another server, or
// a package stored from the command line, must show on this server's very next coordinator page.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { courseId, coursePackage, courseZip, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { MovableClock } from '../../helpers/learning.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

describe("the coordinator's course lists across servers", function () {
  this.timeout(60_000);
  const clock = new MovableClock();
  let here: TestServer;
  let there: TestServer;
  let a: Browser;
  let b: Browser;

  before(async () => {
    here = await startTestServer({ clock });
    there = await startTestServer({ clock, config: here.config });
    const user = await createUser(here.db, { role: 'coordinator' });
    a = await signIn(here.url, user.email, user.password);
    b = new Browser(there.url);
    for (const [name, value] of a.cookies) b.cookies.set(name, value);
    await a.get('/coordinator/courses?lang=en');
  });
  after(async () => {
    await there.close();
    await here.close();
  });

  /** version number -> status, as the history page on `browser` lists them */
  async function versions(browser: Browser, id: string): Promise<Record<string, string>> {
    const page = await browser.get(`/coordinator/courses/${id}`);
    expect(page.status).to.equal(200);
    const rows = page.$('tbody tr').map((_, row) => [[page.$(row).find('td strong').first().text(), /status-(\w+)/.exec(page.$(row).find('.status').attr('class') ?? '')?.[1] ?? '']]);
    return Object.fromEntries(rows.get() as [string, string][]);
  }

  async function publish(browser: Browser, id: string, versionId: string): Promise<void> {
    const history = await browser.get(`/coordinator/courses/${id}`);
    const form = history.$(`form[action$="/versions/${versionId}/publish"]`);
    const done = await browser.post(`/coordinator/courses/${id}/versions/${versionId}/publish`, { _csrf: String(form.find('input[name=_csrf]').val()) });
    expect(done.status, done.$('[role=alert]').text()).to.equal(303);
  }

  it('shows a version uploaded, then published, through the other server on the next pages here', async () => {
    const id = courseId('listing');
    const first = (await uploadPackage(a, courseZip(id, '1.0.0'))).location!.split('/').pop()!;
    expect(await versions(a, id)).to.deep.equal({ '1.0.0': 'draft' });
    expect((await a.get('/coordinator/courses')).text).to.include(`/coordinator/courses/${id}"`);

    const second = (await uploadPackage(b, courseZip(id, '1.1.0'))).location!.split('/').pop()!;
    expect(await versions(a, id)).to.deep.equal({ '1.1.0': 'draft', '1.0.0': 'draft' });

    await publish(b, id, second);
    expect(await versions(a, id)).to.deep.equal({ '1.1.0': 'published', '1.0.0': 'draft' });
    const outline = await a.get(`/coordinator/courses/${id}/versions/${second}`);
    expect(outline.$(`a[href$="/versions/${second}/retire"]`).length, 'the outline offers to retire the published version').to.equal(1);
    expect(outline.$(`form[action$="/versions/${second}/publish"]`).length).to.equal(0);
    expect((await a.get(`/coordinator/courses/${id}/versions/${first}`)).$(`form[action$="/versions/${first}/publish"]`).length).to.equal(1);
  });

  it('shows a version stored from the command line on the next pages here', async () => {
    const id = courseId('listing');
    await uploadPackage(a, courseZip(id, '2.0.0'));
    expect(await versions(a, id)).to.deep.equal({ '2.0.0': 'draft' });
    await courseServices(here.db).importer.importPackage(validatePackage(coursePackage(id, '2.1.0')), { source: 'cli', person: { id: null, name: 'cli' } });
    expect(await versions(a, id)).to.deep.equal({ '2.1.0': 'draft', '2.0.0': 'draft' });
  });
});
