import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { accessRules as appRules, type Audience } from '../../../server/http/access.ts';
import { homeAccess } from '../../../server/home/home.ts';
import { accountsAccess } from '../../../server/accounts/accounts.ts';
import { coursesAccess } from '../../../server/courses/courses.ts';
import { learningAccess } from '../../../server/learning/learning.ts';

// the rules this matrix walks: the app's own, and those of home, accounts, courses and learning
const accessRules = [...appRules, ...homeAccess, ...accountsAccess, ...coursesAccess, ...learningAccess];

type Who = 'anonymous' | 'teacher' | 'coordinator' | 'admin' | 'regional-admin';
const everyone: Who[] = ['anonymous', 'teacher', 'coordinator', 'admin', 'regional-admin'];

function mayReach(audience: Audience, who: Who, scope?: 'national'): boolean {
  if (audience === 'public' || audience === 'anonymous') return true;
  if (scope === 'national' && who === 'regional-admin') return false;
  if (who === 'anonymous') return false;
  if (audience === 'signed-in') return true;
  return audience.includes(who === 'regional-admin' ? 'admin' : who);
}

describe('the role matrix', () => {
  let server: TestServer;
  const browsers = new Map<Who, Browser>();
  let ownUserId = '';
  before(async () => {
    server = await startTestServer();
    const teacher = await createUser(server.db, { region: 'almaty' });
    ownUserId = String(teacher.doc._id);
    const coordinator = await createUser(server.db, { role: 'coordinator' });
    const admin = await createUser(server.db, { role: 'admin' });
    const regional = await createUser(server.db, { role: 'admin', regionScope: 'almaty', region: 'almaty' });
    browsers.set('anonymous', new Browser(server.url));
    browsers.set('teacher', await signIn(server.url, teacher.email, teacher.password));
    browsers.set('coordinator', await signIn(server.url, coordinator.email, coordinator.password));
    browsers.set('admin', await signIn(server.url, admin.email, admin.password));
    browsers.set('regional-admin', await signIn(server.url, regional.email, regional.password));
  });
  after(() => server.close());

  function concrete(path: string): string {
    return path
      .replace('/static/*', '/static/css/app.css')
      .replace(/\/\*$/, '/preview')
      .replace(/:id|:userId/g, ownUserId)
      .replace(/:[a-zA-Z]+/g, 'x0');
  }

  for (const rule of accessRules) {
    for (const who of everyone) {
      const allowed = mayReach(rule.who, who, rule.scope);
      it(`${allowed ? 'lets' : 'stops'} ${who} at ${(rule.methods ?? ['GET'])[0]} ${rule.path}`, async () => {
        const browser = browsers.get(who)!;
        const path = concrete(rule.path);
        const method = (rule.methods ?? ['GET'])[0]!;
        const page = method === 'GET' ? await browser.get(path) : await browser.post(path, { _csrf: '' });
        if (allowed) expect(page.status, `${who} ${path}`).not.to.be.oneOf([401]);
        if (allowed && method === 'GET') expect(page.status, `${who} ${path}`).not.to.equal(403);
        // a form sent by someone not signed in (a session that expired) goes to the sign-in form
        if (!allowed && who === 'anonymous' && method === 'POST') expect(page.location, path).to.match(rule.path === '/logout' ? /\/$/ : /\/login/);
        if (!allowed) expect(page.status, `${who} ${path}`).to.equal(who !== 'anonymous' ? 403 : method === 'POST' ? 303 : 401);
      });
    }
  }

  it('refuses a path that no rule declares', async () => {
    expect((await browsers.get('admin')!.get('/admin/secret-tool')).status).to.equal(404);
  });

  it('lets a teacher see only their own data', async () => {
    const other = await createUser(server.db);
    const teacher = browsers.get('teacher')!;
    expect((await teacher.get(`/admin/users/${String(other.doc._id)}`)).status).to.equal(403);
    const own = await teacher.get('/profile');
    expect(own.text).not.to.contain(other.iin);
  });

  it('lets a regional admin see users of their region only, and no other region\'s user by id', async () => {
    const inRegion = await createUser(server.db, { region: 'almaty' });
    const elsewhere = await createUser(server.db, { region: 'astana' });
    const regional = browsers.get('regional-admin')!;
    expect((await regional.get(`/admin/users/${String(inRegion.doc._id)}`)).status).to.equal(200);
    expect((await regional.get(`/admin/users/${String(elsewhere.doc._id)}`)).status).to.equal(404);
    const list = await regional.get('/admin/users?region=astana');
    expect(list.$('tbody tr').length).to.equal(0);
    const form = await regional.get('/admin/users');
    const own = await regional.get((await regional.post('/admin/users', { _csrf: Browser.csrf(form), q: inRegion.email })).location!);
    expect(own.text).to.contain(inRegion.iin);
    const other = await regional.get((await regional.post('/admin/users', { _csrf: Browser.csrf(form), q: elsewhere.email })).location!);
    expect(other.$('tbody tr').length).to.equal(0);
  });

  it('shows a full IIN only to admins whose scope covers the user', async () => {
    const inRegion = await createUser(server.db, { region: 'almaty' });
    const page = await browsers.get('regional-admin')!.get(`/admin/users/${String(inRegion.doc._id)}`);
    expect(page.text).to.contain(inRegion.iin);
    const national = await browsers.get('admin')!.get(`/admin/users/${String(inRegion.doc._id)}`);
    expect(national.text).to.contain(inRegion.iin);
  });

  it('never lets a regional admin grant the admin role', async () => {
    const target = await createUser(server.db, { region: 'almaty' });
    const regional = browsers.get('regional-admin')!;
    const form = await regional.get(`/admin/users/${String(target.doc._id)}`);
    expect(form.$('select[name=role] option[value=admin]').length).to.equal(0);
    const page = await regional.post(`/admin/users/${String(target.doc._id)}`, { _csrf: Browser.csrf(form), role: 'admin', status: 'active' });
    expect(page.status).to.equal(403);
  });

  it('lets an admin disable a user, which signs that user out everywhere', async () => {
    const target = await createUser(server.db);
    const victim = await signIn(server.url, target.email, target.password);
    const admin = browsers.get('admin')!;
    const form = await admin.get(`/admin/users/${String(target.doc._id)}`);
    const saved = await admin.post(`/admin/users/${String(target.doc._id)}`, { _csrf: Browser.csrf(form), role: 'teacher', regionScope: '', status: 'disabled' });
    expect(saved.status).to.equal(303);
    expect((await victim.get('/profile')).status).to.equal(401);
  });

  it('keeps IINs out of URLs: searching by IIN is a POST, and the IIN is not in the redirect', async () => {
    const target = await createUser(server.db);
    const admin = browsers.get('admin')!;
    const list = await admin.get('/admin/users');
    expect(list.$('form[action$="/admin/users"]').attr('method')).to.equal('post');
    const found = await admin.post('/admin/users', { _csrf: Browser.csrf(list), q: target.iin });
    expect(found.status).to.equal(303);
    expect(found.location).not.to.contain(target.iin);
    const result = await admin.get(found.location!);
    expect(result.text).to.contain(target.iin);
  });

  it('finds a user by IIN within the admin\'s scope and filters only', async () => {
    const target = await createUser(server.db, { region: 'astana' });
    const rows = async (who: Who, query = '') => {
      const browser = browsers.get(who)!;
      const list = await browser.get('/admin/users');
      const found = await browser.post('/admin/users', { _csrf: Browser.csrf(list), q: target.iin });
      const page = await browser.get(`${found.location!}${query}`);
      expect(page.status).to.equal(200);
      return page.$('main tbody tr').length;
    };
    expect(await rows('admin')).to.equal(1);
    expect(await rows('admin', '?region=astana&role=teacher&status=active')).to.equal(1);
    expect(await rows('admin', '?role=admin')).to.equal(0);
    expect(await rows('admin', '?status=disabled')).to.equal(0);
    expect(await rows('admin', '?region=almaty')).to.equal(0);
    expect(await rows('admin', '?page=2')).to.equal(0);
    // outside a regional admin's region the account does not exist for them
    expect(await rows('regional-admin')).to.equal(0);
  });
});
