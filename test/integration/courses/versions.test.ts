import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { testDatabase } from '../../helpers/database.ts';
import { courseId, coursePackage, courseZip, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { courseServices, type CourseServices } from '../../../server/courses/courses.ts';
import { courseRepository } from '../../../server/courses/course.repository.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

const person = { id: 'test', name: 'Test Coordinator' };

async function store(services: CourseServices, id: string, version: string) {
  return services.importer.importPackage(validatePackage(coursePackage(id, version)), { source: 'cli', person });
}

describe('course versions: draft, published, retired', () => {
  let server: TestServer;
  let coordinator: Browser;
  let teacher: Browser;
  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'coordinator', surname: 'Омарова', givenName: 'Гүлнар' });
    coordinator = await signIn(server.url, user.email, user.password);
    await coordinator.get('/coordinator/courses?lang=en');
    const teacherUser = await createUser(server.db, { role: 'teacher' });
    teacher = await signIn(server.url, teacherUser.email, teacherUser.password);
  });
  after(() => server.close());

  async function act(id: string, versionId: string, action: 'publish' | 'retire') {
    // retiring goes through a confirmation page that says what will happen
    const history = await coordinator.get(`/coordinator/courses/${id}${action === 'retire' ? `/versions/${versionId}/retire` : ''}`);
    const form = history.$(`form[action$="/versions/${versionId}/${action}"]`);
    expect(form.length, `${action} form`).to.equal(1);
    return coordinator.post(`/coordinator/courses/${id}/versions/${versionId}/${action}`, { _csrf: String(form.find('input[name=_csrf]').val()) });
  }

  it('publishes a draft, then retires it when a newer version is published', async () => {
    const id = courseId('publish');
    const first = (await uploadPackage(coordinator, courseZip(id, '1.0.0'))).location!.split('/').pop()!;
    const second = (await uploadPackage(coordinator, courseZip(id, '1.1.0'))).location!.split('/').pop()!;
    const published = await act(id, first, 'publish');
    expect(published.status).to.equal(303);
    expect(published.location).to.equal(`/coordinator/courses/${id}`);
    let history = await coordinator.get(`/coordinator/courses/${id}`);
    expect(history.text).to.contain('The version is published. New enrolments get it from now on.');
    expect(history.text).to.contain('new enrolments get version 1.0.0');
    await act(id, second, 'publish');
    history = await coordinator.get(`/coordinator/courses/${id}`);
    const rows = history.$('tbody tr').map((_, tr) => history.$(tr).find('td').eq(1).text().replace(/\s+/g, ' ').trim()).get();
    expect(rows[0]).to.match(/^published published on .* · Гүлнар Омарова|^published published on .* · Омарова/);
    expect(rows[1]).to.match(/^retired /);
    const uploaded = history.$('tbody tr').first().find('td').eq(2).text();
    expect(uploaded).to.contain('Омарова');
    expect((await services().catalog.publishedVersionOf(id))?.version).to.equal('1.1.0');
  });

  it('leads back to the course from a deleted draft\'s pages (the back button after deleting it)', async () => {
    const id = courseId('gone');
    const kept = (await uploadPackage(coordinator, courseZip(id, '1.0.0'))).location!.split('/').pop()!;
    const draft = (await uploadPackage(coordinator, courseZip(id, '1.1.0'))).location!.split('/').pop()!;
    const retirePage = await coordinator.get(`/coordinator/courses/${id}/versions/${draft}/retire`);
    expect((await coordinator.post(`/coordinator/courses/${id}/versions/${draft}/delete`, { _csrf: Browser.csrf(retirePage) })).status).to.equal(303);
    for (const path of [`/coordinator/courses/${id}/versions/${draft}/retire`, `/coordinator/courses/${id}/versions/${draft}`]) {
      const gone = await coordinator.get(`${path}?lang=en`);
      expect(gone.status, path).to.equal(404);
      expect(gone.$('main').text(), path).to.contain('not here any more');
      expect(gone.$(`main a[href="/coordinator/courses/${id}"]`).length, path).to.equal(1);
    }
    expect((await coordinator.get(`/coordinator/courses/${id}/versions/${kept}`)).status).to.equal(200);
    // two taps on "delete" at once: both land on the course, the draft deleted once
    const other = (await uploadPackage(coordinator, courseZip(id, '1.2.0'))).location!.split('/').pop()!;
    const form = await coordinator.get(`/coordinator/courses/${id}/versions/${other}/retire`);
    const both = await Promise.all([1, 2].map(() => coordinator.post(`/coordinator/courses/${id}/versions/${other}/delete`, { _csrf: Browser.csrf(form) })));
    expect(both.map((r) => r.status)).to.deep.equal([303, 303]);
  });

  it('refuses to publish a draft older than the published version', async () => {
    const id = courseId('older');
    const older = (await uploadPackage(coordinator, courseZip(id, '2.0.0'))).location!.split('/').pop()!;
    const newer = (await uploadPackage(coordinator, courseZip(id, '2.1.0'))).location!.split('/').pop()!;
    await act(id, newer, 'publish');
    const page = await act(id, older, 'publish');
    expect(page.status).to.equal(409);
    expect(page.text).to.contain('Version 2.0.0 is older than the published version, so it cannot be published.');
  });

  it('retires the published version: new enrolments then get none', async () => {
    const id = courseId('retire');
    const version = (await uploadPackage(coordinator, courseZip(id))).location!.split('/').pop()!;
    await act(id, version, 'publish');
    await act(id, version, 'retire');
    const history = await coordinator.get(`/coordinator/courses/${id}`);
    expect(history.text).to.contain('not published');
    expect(history.$('tbody tr td').eq(1).text()).to.contain('retired');
    expect(history.$('form[action$="/retire"], a[href$="/retire"]')).to.have.length(0);
    expect(history.$('form[action$="/publish"] button').text().trim(), 'it may be published again').to.equal('Publish again');
    expect(await services().catalog.publishedVersionOf(id)).to.equal(null);
    expect((await services().catalog.version(version))?.status).to.equal('retired');
  });

  it('lets teachers see a version\'s images once it is published', async () => {
    const id = courseId('media');
    const location = (await uploadPackage(coordinator, courseZip(id))).location!;
    const versionId = location.split('/').pop()!;
    const lesson = await coordinator.get(`${location}/modules/01-basics/lessons/02-algorithm`);
    const src = lesson.$('.lesson-body img').attr('src')!;
    expect((await teacher.get(src)).status).to.equal(404);
    await act(id, versionId, 'publish');
    expect((await teacher.get(src)).status).to.equal(200);
  });

  it('refuses a publish form without its CSRF token', async () => {
    const id = courseId('csrf');
    const versionId = (await uploadPackage(coordinator, courseZip(id))).location!.split('/').pop()!;
    const page = await coordinator.post(`/coordinator/courses/${id}/versions/${versionId}/publish`, { _csrf: 'forged' });
    expect(page.status).to.equal(403);
    expect((await services().catalog.version(versionId))?.status).to.equal('draft');
  });

  let shared: CourseServices | undefined;
  function services(): CourseServices {
    shared ??= courseServices(server.db);
    return shared;
  }
});

describe('publishing two versions at the same moment', () => {
  let db: Connection;
  let services: CourseServices;
  before(async () => {
    db = await testDatabase();
    services = courseServices(db);
  });

  for (let round = 1; round <= 5; round++) {
    it(`ends with exactly the newest version published (round ${round})`, async () => {
      const id = courseId('race');
      // stored one after another: an upload older than one stored already is refused (notNewer),
      // and what races here is the publishing, not the uploads
      const versions = [];
      for (const v of ['1.0.0', '1.1.0', '1.2.0']) versions.push(await store(services, id, v));
      const order = round % 2 ? versions : [...versions].reverse();
      const results = await Promise.allSettled(order.map((v) => services.publisher.publish(id, v.versionId, person)));
      expect(results.some((r) => r.status === 'fulfilled')).to.equal(true);
      const statuses = await Promise.all(versions.map(async (v) => `${v.version}:${(await services.catalog.version(v.versionId))!.status}`));
      expect(statuses.filter((s) => s.endsWith(':published'))).to.deep.equal(['1.2.0:published']);
      expect((await services.catalog.publishedVersionOf(id))?.version).to.equal('1.2.0');
    });
  }

  it('records a version\'s event number 1 once when twenty requests race', async () => {
    const id = courseId('once');
    const { versionId } = await store(services, id, '1.0.0');
    const version = (await courseRepository(db).findVersion(versionId))!;
    const event = { courseId: id, versionId, version: '1.0.0', order: version.order, action: 'publish' as const, seq: 1, at: new Date(), by: person };
    const results = await Promise.all(Array.from({ length: 20 }, () => courseRepository(db).insertRelease(event)));
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await db.collection('course_releases').countDocuments({ versionId })).to.equal(1);
  });

  it('imports identical content once when two imports race', async () => {
    const id = courseId('twice');
    const outcomes = await Promise.all([store(services, id, '1.0.0'), store(services, id, '1.0.0')]);
    expect(outcomes.map((o) => o.kind).sort()).to.deep.equal(['stored', 'unchanged']);
    expect(String(outcomes[0].versionId)).to.equal(String(outcomes[1].versionId));
    expect(await db.collection('course_lessons').countDocuments({ versionId: outcomes[0].versionId })).to.equal(3);
  });
});
