import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser, type Page } from '../../helpers/browser.ts';
import { databaseUri, runDatabaseName, testDatabase } from '../../helpers/database.ts';
import { courseId, coursePackage, courseZip, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { openDatabase } from '../../../server/database.ts';
import { courseServices, type CourseServices } from '../../../server/courses/courses.ts';
import { courseRepository } from '../../../server/courses/course.repository.ts';
import { dropLegacyReleaseIndex } from '../../../server/courses/course-release.model.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

const person = { id: 'test', name: 'Test Coordinator' };
const line = (page: Page, selector: string) => page.$(selector).text().replace(/\s+/g, ' ').trim();

async function store(services: CourseServices, id: string, version = '1.0.0') {
  return services.importer.importPackage(validatePackage(coursePackage(id, version)), { source: 'cli', person });
}

describe('a retired version published again', () => {
  let server: TestServer;
  let coordinator: Browser;
  let teacher: Browser;
  let services: CourseServices;
  before(async () => {
    server = await startTestServer();
    services = courseServices(server.db);
    const user = await createUser(server.db, { role: 'coordinator', lang: 'en' });
    coordinator = await signIn(server.url, user.email, user.password);
    await coordinator.get('/coordinator/courses?lang=en');
    const learner = await createUser(server.db, { role: 'teacher' });
    teacher = await signIn(server.url, learner.email, learner.password);
  });
  after(() => server.close());

  const status = async (versionId: string) => (await services.catalog.version(versionId))?.status;
  const inCatalogue = async (id: string) => (await teacher.get('/learn/catalogue?lang=en')).$(`a[href$="/learn/courses/${id}"]`).length === 1;

  /** Posts the publish form of the version page (the outline), as a coordinator's browser does. */
  async function publishFromVersionPage(versionPath: string, label: string) {
    const page = await coordinator.get(`${versionPath}?lang=en`);
    const form = page.$('form[action$="/publish"]');
    expect(form.length, 'publish form on the version page').to.equal(1);
    expect(form.find('button').text().trim()).to.equal(label);
    return coordinator.post(form.attr('action')!, { _csrf: Browser.csrf(page) });
  }

  /** Retires through the confirmation page, which says that the version can be published again. */
  async function retire(versionPath: string) {
    const confirm = await coordinator.get(`${versionPath}/retire?lang=en`);
    expect(confirm.text).to.contain('You can publish this version again later');
    return coordinator.post(confirm.$('form[action$="/retire"]').attr('action')!, { _csrf: Browser.csrf(confirm) });
  }

  it('goes publish, retire, publish again, retire again; learners see the course whenever it is published', async () => {
    const id = courseId('again');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!;
    const versionId = versionPath.split('/').pop()!;
    expect(await status(versionId)).to.equal('draft');

    expect((await publishFromVersionPage(versionPath, 'Publish')).status).to.equal(303);
    expect(await status(versionId)).to.equal('published');
    expect(await inCatalogue(id)).to.equal(true);

    expect((await retire(versionPath)).status).to.equal(303);
    expect(await status(versionId)).to.equal('retired');
    expect(await inCatalogue(id)).to.equal(false);
    const retired = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    expect(line(retired, 'tbody tr td.actions-cell form button')).to.equal('Publish again');

    const again = await publishFromVersionPage(versionPath, 'Publish again');
    expect(again.status).to.equal(303);
    const landed = await coordinator.get(again.location!);
    expect(line(landed, 'main .notice-success')).to.contain('The version is published.');
    expect(await status(versionId)).to.equal('published');
    expect((await services.catalog.publishedVersionOf(id))?.versionId).to.equal(versionId);
    expect(await inCatalogue(id), 'learners see the course again').to.equal(true);

    expect((await retire(versionPath)).status).to.equal(303);
    expect(await status(versionId)).to.equal('retired');
    expect(await inCatalogue(id)).to.equal(false);

    // the history shows each round: two publishes and two retirements, oldest first
    const history = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    const audit = history.$('tbody tr').first().find('td').eq(1).find('.hint').map((_i, el) => history.$(el).text().trim()).get();
    expect(audit.map((s) => s.split(' on ')[0])).to.deep.equal(['published', 'retired', 'published', 'retired']);
    const events = await server.db.collection('course_releases').find({ versionId: new mongoose.Types.ObjectId(versionId) }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => `${String(e._id)} ${e.action as string}`)).to.deep.equal([1, 2, 3, 4].map((n) => `${versionId}:${n} ${n % 2 ? 'publish' : 'retire'}`));
  });

  it('lands a double-posted publish form where the first post did, with one publish event', async () => {
    const id = courseId('twice');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!;
    const versionId = versionPath.split('/').pop()!;
    await publishFromVersionPage(versionPath, 'Publish');
    await retire(versionPath);
    const page = await coordinator.get(`${versionPath}?lang=en`);
    const form = { _csrf: Browser.csrf(page) };
    const first = await coordinator.post(`${versionPath}/publish`, form);
    const second = await coordinator.post(`${versionPath}/publish`, form);
    expect([first.status, second.status]).to.deep.equal([303, 303]);
    expect(second.location).to.equal(first.location);
    const landed = await coordinator.get(second.location!);
    expect(line(landed, 'main .notice-success')).to.contain('The version is published.');
    expect(line(landed, 'main .notice-error')).to.equal('');
    expect(await server.db.collection('course_releases').countDocuments({ versionId: new mongoose.Types.ObjectId(versionId), action: 'publish' })).to.equal(2);
  });

  it('writes exactly one new publish event when twenty publishes of the same retired version race', async () => {
    const id = courseId('race');
    const { versionId } = await store(services, id);
    await services.publisher.publish(id, versionId, person);
    await services.publisher.retire(id, versionId, person);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => courseServices(server.db).publisher.publish(id, versionId, person)));
    expect(results.filter((r) => r.status === 'rejected')).to.deep.equal([]);
    const events = await server.db.collection('course_releases').find({ versionId }).toArray();
    expect(events.map((e) => e.action as string).sort()).to.deep.equal(['publish', 'publish', 'retire']);
    expect(await status(String(versionId))).to.equal('published');
  });

  it('does not offer an older version again once a newer one was published, and refuses it', async () => {
    const id = courseId('older');
    const older = await store(services, id, '1.0.0');
    const newer = await store(services, id, '1.1.0');
    await services.publisher.publish(id, older.versionId, person);
    await services.publisher.publish(id, newer.versionId, person);
    await services.publisher.retire(id, newer.versionId, person);
    const history = await coordinator.get(`/coordinator/courses/${id}?lang=en`);
    const buttons = history.$('tbody tr').map((_i, tr) => history.$(tr).find('td.actions-cell form button').text().trim() || '-').get();
    expect(buttons).to.deep.equal(['Publish again', '-']);
    const outline = await coordinator.get(`/coordinator/courses/${id}/versions/${String(older.versionId)}?lang=en`);
    const refused = await coordinator.post(`/coordinator/courses/${id}/versions/${String(older.versionId)}/publish`, { _csrf: Browser.csrf(outline) });
    expect(refused.status).to.equal(409);
    expect(refused.text).to.contain('Version 1.0.0 is older than the published version');
  });

  it('keeps a draft retired without being published out of publishing', async () => {
    const id = courseId('dead');
    const { versionId } = await store(services, id);
    await services.publisher.retire(id, versionId, person);
    const outline = await coordinator.get(`/coordinator/courses/${id}/versions/${String(versionId)}?lang=en`);
    expect(outline.$('form[action$="/publish"]').length).to.equal(0);
    const refused = await coordinator.post(`/coordinator/courses/${id}/versions/${String(versionId)}/publish`, { _csrf: Browser.csrf(outline) });
    expect(refused.status).to.equal(409);
    expect(refused.text).to.contain('was retired without being published');
  });

  it('decides a publish racing the deletion of the same draft: exactly one of them happens', async () => {
    const id = courseId('delete');
    const { versionId } = await store(services, id);
    const [published, deleted] = await Promise.allSettled([services.publisher.publish(id, versionId, person), courseServices(server.db).publisher.deleteDraft(id, versionId, person)]);
    expect([published.status, deleted.status].sort()).to.deep.equal(['fulfilled', 'rejected']);
    const stored = await courseRepository(server.db).findVersion(versionId);
    if (published.status === 'fulfilled') expect(await status(String(versionId))).to.equal('published');
    else expect(stored).to.equal(null);
  });
});

describe('release events stored before they were numbered', () => {
  let db: Connection;
  before(async () => {
    await testDatabase(); // starts the run's database server
    db = await openDatabase(await databaseUri(), `${runDatabaseName}_legacy`);
  });
  after(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('drops the old unique index once, however many servers start together, and publishes a version retired under it again', async () => {
    const services = courseServices(db);
    const id = courseId('legacy');
    const { versionId } = await store(services, id);
    const version = (await courseRepository(db).findVersion(versionId))!;
    const releases = db.collection('course_releases');
    await releases.createIndex({ versionId: 1, action: 1 }, { unique: true });
    const base = { courseId: id, versionId, version: version.version, order: version.order, by: person };
    await releases.insertMany([
      { ...base, action: 'publish', at: new Date('2026-01-01T10:00:00Z') },
      { ...base, action: 'retire', at: new Date('2026-01-02T10:00:00Z') },
    ]);
    const dropped = await Promise.all([dropLegacyReleaseIndex(db), dropLegacyReleaseIndex(db), dropLegacyReleaseIndex(db)]);
    expect(dropped.filter(Boolean).length).to.be.at.least(1);
    expect((await releases.listIndexes().toArray()).map((i) => i.name as string)).not.to.include('versionId_1_action_1');
    expect(await dropLegacyReleaseIndex(db)).to.equal(false);

    expect((await services.catalog.version(versionId))?.status).to.equal('retired');
    await services.publisher.publish(id, versionId, person);
    expect((await services.catalog.version(versionId))?.status).to.equal('published');
    expect(await releases.countDocuments({ _id: `${String(versionId)}:3` as never })).to.equal(1);
    const rounds = (await services.history.history(id, 'en')).versions[0]!.rounds;
    expect(rounds.map((r) => [r.publishedAt?.toISOString().slice(0, 10) ?? null, r.retiredAt?.toISOString().slice(0, 10) ?? null])).to.deep.equal([
      ['2026-01-01', '2026-01-02'],
      [rounds[1]!.publishedAt!.toISOString().slice(0, 10), null],
    ]);
  });
});
