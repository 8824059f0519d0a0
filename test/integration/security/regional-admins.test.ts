// A regional admin administers the teachers of their region, nothing more (outside audit of
// 2026-12-05): staff have a home region too, and such an admin could change a national admin's
// email there, send them a set-password link and take their account, or disable a coordinator;
// and could publish and retire courses for the whole country.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, mailCount, signIn } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('a regional admin\'s reach', () => {
  let server: TestServer;
  let regional: Browser;
  let national: Browser;
  let csrf: string;
  const staff: { id: string; email: string; role: string }[] = [];

  before(async () => {
    server = await startTestServer();
    const admin = await createUser(server.db, { role: 'admin', regionScope: 'almaty', region: 'almaty' });
    regional = await signIn(server.url, admin.email, admin.password);
    const boss = await createUser(server.db, { role: 'admin', regionScope: null, region: 'almaty' });
    national = await signIn(server.url, boss.email, boss.password);
    staff.push({ id: String(boss.doc._id), email: boss.email, role: 'admin' });
    for (const role of ['coordinator', 'admin'] as const) {
      const u = await createUser(server.db, { role, region: 'almaty', regionScope: null });
      staff.push({ id: String(u.doc._id), email: u.email, role });
    }
    csrf = Browser.csrf(await regional.get('/admin/users/new'));
  });
  after(async () => server.close());

  it('cannot see, edit, disable or send a set-password link to staff of their own region', async () => {
    for (const { id, email, role } of staff) {
      const before = await userModel(server.db).findById(id).lean();
      const mails = await mailCount(server.config.dataDir, 'attacker@evil.example');
      expect((await regional.get(`/admin/users/${id}?lang=kk`)).status, role).to.equal(404);
      const details = await regional.post(`/admin/users/${id}/details?lang=kk`, { _csrf: csrf, surname: 'Шабуыл', givenName: 'Х', email: 'attacker@evil.example' });
      expect(details.status, role).to.equal(404);
      expect(details.text).to.contain('табылмады');
      expect((await regional.post(`/admin/users/${id}/set-link`, { _csrf: csrf })).status, role).to.equal(404);
      expect((await regional.post(`/admin/users/${id}`, { _csrf: csrf, role, status: 'disabled' })).status, role).to.equal(404);
      const after = await userModel(server.db).findById(id).lean();
      expect(after).to.deep.equal(before);
      expect(await mailCount(server.config.dataDir, 'attacker@evil.example')).to.equal(mails);
      expect((await regional.get(`/admin/users?q=${encodeURIComponent(email)}`)).text).to.not.contain(email);
    }
    expect((await regional.get('/admin/users?role=admin')).$('tbody tr').length).to.equal(0);
  });

  it('still administers a teacher of their region', async () => {
    const teacher = await createUser(server.db, { region: 'almaty' });
    const page = await regional.get(`/admin/users/${String(teacher.doc._id)}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(teacher.iin);
    const saved = await regional.post(`/admin/users/${String(teacher.doc._id)}/details`, { _csrf: Browser.csrf(page), surname: 'Әлиева', givenName: 'Ұлжан', email: teacher.email });
    expect(saved.status).to.equal(303);
    expect((await userModel(server.db).findById(teacher.doc._id).lean())!.surname).to.equal('Әлиева');
  });

  it('cannot reach the course pages, which publish and retire for the whole country, nor sees their link', async () => {
    for (const path of ['/coordinator/courses', '/coordinator/courses/upload', '/coordinator/courses/bullying-prevention']) {
      expect((await regional.get(`${path}?lang=ru`)).status, path).to.equal(403);
    }
    for (const path of ['/coordinator/courses', '/coordinator/courses/upload']) expect((await national.get(path)).status, path).to.equal(200);
    expect((await regional.post('/coordinator/courses/bullying-prevention/versions/x0/retire', { _csrf: csrf })).status).to.equal(403);
    expect((await regional.get('/reports/dashboard')).$('nav a[href$="/coordinator/courses"]').length).to.equal(0);
    expect((await national.get('/reports/dashboard')).$('nav a[href$="/coordinator/courses"]').length).to.equal(1);
  });

  it('a cookie that cookie-parser would have read as JSON names no session and breaks no page', async () => {
    for (const cookie of ['__Host-qorgau.sid=j:[1]', 'qorgau.sid=j:{"a":1}', 'qorgau.csrf=j:[1]; qorgau.lang=j:{"x":1}']) {
      const res = await fetch(`${server.url}/login`, { headers: { cookie } });
      expect(res.status, cookie).to.equal(200);
    }
  });
});
