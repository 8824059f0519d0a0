import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { courseId, coursePackage, courseZip, uploadPackage } from '../../helpers/packages.ts';
import { edit, zipOf } from '../../helpers/zip.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { enrolmentModel } from '../../../server/learning/enrolment/enrolment.model.ts';

describe('papercuts: coordinator pages', () => {
  let server: TestServer;
  let coordinator: Browser;
  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'coordinator', lang: 'en' });
    coordinator = await signIn(server.url, user.email, user.password);
    await coordinator.get('/coordinator/courses?lang=en');
  });
  after(() => server.close());

  it('shows the upload success message on the page the redirect lands on, once', async () => {
    const id = courseId('flash');
    const page = await uploadPackage(coordinator, courseZip(id));
    expect(page.status).to.equal(303);
    const outline = await coordinator.get(page.location!);
    expect(outline.$('main .notice-success').length, outline.$('main').text().slice(0, 300)).to.equal(1);
    const next = await coordinator.get(`/coordinator/courses/${id}`);
    expect(next.$('main .notice-success').length).to.equal(0);
  });

  it('retires only after a page that says how many teachers keep the version and that new teachers will not see it', async () => {
    const id = courseId('retire');
    const uploaded = await uploadPackage(coordinator, courseZip(id));
    const versionPath = uploaded.location!;
    const versionId = versionPath.split('/').pop()!;
    const outline = await coordinator.get(versionPath);
    const published = await coordinator.post(`${versionPath}/publish`, { _csrf: Browser.csrf(outline) });
    expect(published.status).to.equal(303);
    for (const n of [1, 2]) {
      const teacher = await createUser(server.db);
      await enrolmentModel(server.db).create({ _id: `${String(teacher.doc._id)}:${id}`, userId: teacher.doc._id, courseId: id, versionId, enrolledAt: new Date(), dueAt: null, source: 'self' } as never).catch((err: unknown) => {
        throw new Error(`enrolment ${n}: ${String(err)}`);
      });
    }
    const history = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    expect(history.$('form[action$="/retire"]').length, 'no one-tap retire').to.equal(0);
    const link = history.$('a[href$="/retire"]').attr('href')!;
    expect(history.$('td[data-label]').length).to.be.greaterThan(0);
    const confirm = await coordinator.get(`${link}?lang=en`);
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.contain('Teachers enrolled in this version: 2.');
    expect(confirm.text).to.contain('New teachers will not see this course');
    const done = await coordinator.post(link, { _csrf: Browser.csrf(confirm) });
    expect(done.status).to.equal(303);
    const after = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    expect(after.$('main .notice-success').length).to.equal(1);
    expect(after.$('a[href$="/retire"]').length).to.equal(0);
  });

  it('deletes a draft that was never published, and refuses to delete a published version', async () => {
    const id = courseId('delete');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!;
    const confirm = await coordinator.get(`${versionPath}/retire?lang=en`);
    expect(confirm.$(`form[action$="/delete"]`).length).to.equal(1);
    const deleted = await coordinator.post(`${versionPath}/delete`, { _csrf: Browser.csrf(confirm) });
    expect(deleted.status).to.equal(303);
    expect((await coordinator.get(versionPath)).status).to.equal(404);
    const twice = await coordinator.post(`${versionPath}/delete`, { _csrf: Browser.csrf(confirm) });
    expect(twice.status, 'a second post of the delete lands where the first did').to.equal(303);
    expect(twice.location).to.equal(deleted.location);
    expect((await coordinator.get(twice.location!)).$('main .notice-success').length).to.equal(1);
    const again = await uploadPackage(coordinator, courseZip(id));
    expect(again.status, 'the same package can be stored again').to.equal(303);
    const outline = await coordinator.get(again.location!);
    await coordinator.post(`${again.location!}/publish`, { _csrf: Browser.csrf(outline) });
    const refused = await coordinator.post(`${again.location!}/delete`, { _csrf: Browser.csrf(outline) });
    expect(refused.status).to.equal(409);
    expect((await coordinator.get(again.location!)).status).to.equal(200);
  });

  it('shows what changed between two versions: a lesson edited, nothing else', async () => {
    const id = courseId('diff');
    const v1 = (await uploadPackage(coordinator, courseZip(id, '1.0.0'))).location!.split('/').pop()!;
    const v2 = (await uploadPackage(coordinator, zipOf(edit(coursePackage(id, '1.1.0'), 'modules/01-basics/01-welcome.en.md', (t) => `${t}\nMore.\n`)))).location!.split('/').pop()!;
    const history = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    expect(history.$('select[name=from] option[selected]').attr('value')).to.equal(v1);
    const diff = await coordinator.get(`/coordinator/courses/${id}/diff?from=${v1}&to=${v2}&lang=en`);
    expect(diff.status).to.equal(200);
    const lines = diff.$('.diff-list li').map((_i, li) => diff.$(li).text().replace(/\s+/g, ' ').trim()).get();
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^Changed · lesson · 01-basics\/01-welcome — ./);
    // a quiz's pass mark, and the course's hours, are changes too, each with what it was and is
    const v3 = (await uploadPackage(coordinator, zipOf(edit(edit(coursePackage(id, '1.2.0'), 'modules/01-basics/quiz.yaml', (t) => t.replace(/passMark: \d+/, 'passMark: 95')), 'course.yaml', (t) => t.replace(/academicHours: \d+/, 'academicHours: 1'))))).location!.split('/').pop()!;
    const settings = await coordinator.get(`/coordinator/courses/${id}/diff?from=${v1}&to=${v3}&lang=en`);
    const settingLines = settings.$('.diff-list li').map((_i, li) => settings.$(li).text().replace(/\s+/g, ' ').trim()).get();
    expect(settingLines.some((l) => /^Changed · quiz settings · 01-basics\/passMark — .*: \d+ → 95$/.test(l)), settingLines.join('\n')).to.equal(true);
    expect(settingLines.some((l) => /^Changed · course · academicHours: \d+ → 1$/.test(l)), settingLines.join('\n')).to.equal(true);
    const none = await coordinator.get(`/coordinator/courses/${id}/diff?from=${v1}&to=${v1}&lang=en`);
    expect(none.text).to.contain('Nothing differs between these versions');
    expect((await coordinator.get(`/coordinator/courses/${id}/diff?from=x&to=${v1}`)).status).to.equal(400);
  });
});
