import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { userRepository } from '../../../server/accounts/user.repository.ts';
import { certificatesOn, storedCompletion } from './fixtures.ts';

describe('certificates: lifecycle, races and bad input', () => {
  let server: TestServer;
  const feature = () => certificatesOn(server);
  const completion = (region = 'almaty') => storedCompletion(server, { region });

  async function admin(regionScope: string | null) {
    const user = await createUser(server.db, { role: 'admin', regionScope, region: regionScope ?? 'astana' });
    return signIn(server.url, user.iin, user.password);
  }

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('gives one certificate when 50 issues race, and every caller sees that one', async () => {
    const { completion: c } = await completion();
    const servers = Array.from({ length: 5 }, () => feature());
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => servers[i % 5]!.services.issuer.issue({ ...c, userId: String(c.userId) })));
    expect(new Set(results.map((r) => `${r._id}|${r.serial}|${r.code}|${r.jws}`)).size).to.equal(1);
    const stored = await server.db.db!.collection('certificates').countDocuments({ userId: c.userId, courseId: c.courseId });
    expect(stored).to.equal(1);
    // no serial was spent on a racer that lost
    expect(await server.db.db!.collection('certificate_serials').countDocuments({ certificateId: results[0]!._id })).to.equal(1);
  });

  it('issues, in a sweep, what a crash left unissued', async () => {
    const { completion: c } = await completion();
    c.completedAt = new Date(); // a completion is stored when it happens, after the last sweep's mark
    const f = feature();
    const sweep = certificatesOn(server, (from) => (async function* () { if (c.completedAt >= from) yield c; })());
    expect(await f.services.repo.find(`${c._id}:1`)).to.equal(null);
    expect(await sweep.services.sweep.pass()).to.equal(1);
    expect((await f.services.repo.find(`${c._id}:1`))?.holderName).to.equal('Сәрсенбаева Әйгерім');
    expect(await sweep.services.sweep.pass()).to.equal(0);
  });

  it('tells the holders of a backlog one at a time: each mail and standing before the next certificate', async () => {
    const backlog = await Promise.all([completion(), completion(), completion()]);
    for (const { completion: c } of backlog) c.completedAt = new Date();
    const sent: string[] = [];
    let sending = 0;
    let most = 0;
    // a slow mail server: 40 ms a mail
    const mailer = {
      send: async (mail: { to: string }) => {
        most = Math.max(most, (sending += 1));
        await new Promise((resolve) => setTimeout(resolve, 40));
        sending -= 1;
        sent.push(mail.to);
      },
    };
    const sweep = certificatesOn(server, (from) => (async function* () { for (const { completion: c } of backlog) if (c.completedAt >= from) yield c; })(), mailer);
    const standings: string[] = [];
    sweep.onChanged(async (userId) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      standings.push(userId);
    });
    expect(await sweep.services.sweep.pass()).to.equal(3);
    // all told when the pass ends, never two at once
    expect([...sent].sort()).to.deep.equal(backlog.map((b) => b.user.email).sort());
    expect([...standings].sort()).to.deep.equal(backlog.map((b) => String(b.completion.userId)).sort());
    expect(most).to.equal(1);
  });

  it('lets an admin revoke within their region only; the verify page shows the revocation', async () => {
    const { user, completion: c } = await completion('almaty');
    const cert = await feature().services.issuer.issue({ ...c, userId: String(c.userId) });
    const holder = await signIn(server.url, user.iin, user.password);
    expect((await holder.get(`/certificates/${cert.code}/certificate.pdf`, true)).status).to.equal(200);
    const outsider = await admin('astana');
    const page = await outsider.get(`/admin/certificates/${cert.serial}`);
    expect(page.status).to.equal(404);
    const csrf = Browser.csrf(await outsider.get('/admin/certificates'));
    expect((await outsider.post(`/admin/certificates/${cert.serial}/revoke`, { _csrf: csrf, reason: 'error' })).status).to.equal(404);
    expect((await new Browser(server.url).get(`/verify/${cert.code}?lang=en`)).$('#certificate-status').text()).to.equal('Valid');

    const regional = await admin('almaty');
    // an admin finds it by its code through the posted form, from an address that used up the
    // public page's misses: an admin's lookups are neither throttled nor counted
    const crowded = { 'x-forwarded-for': '203.0.113.201' };
    for (let i = 0; i < 21; i++) await new Browser(server.url, crowded).get(`/verify/AAAAAAAAAAAAAAAAAAA${'BCDEFGHIJKLMNOPQRSTUV'[i]}`);
    expect((await new Browser(server.url, crowded).get(`/verify/${cert.code}`)).status).to.equal(429);
    expect((await new Browser(server.url).get(`/verify/${cert.code}`)).status, 'another address').to.equal(200);
    const finder = await regional.request('GET', '/admin/certificates', { headers: crowded });
    const found = await regional.request('POST', '/admin/certificates', { headers: { ...crowded, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: Browser.csrf(finder), q: cert.code.toLowerCase() }).toString() });
    expect(found.status).to.equal(303);
    expect(found.location).to.equal(`/admin/certificates/${cert.serial}`);
    const form = await regional.get(`/admin/certificates/${cert.serial}`);
    expect(form.status).to.equal(200);
    expect((await regional.post(`/admin/certificates/${cert.serial}/revoke`, { _csrf: Browser.csrf(form), reason: 'nonsense' })).status).to.equal(400);
    expect((await regional.post(`/admin/certificates/${cert.serial}/revoke`, { _csrf: Browser.csrf(form), reason: 'fraud', note: 'forged attendance' })).status).to.equal(303);
    // sent again (a double tap, or back and send): done already, said so, not a refusal
    const again = await regional.post(`/admin/certificates/${cert.serial}/revoke`, { _csrf: Browser.csrf(form), reason: 'error' });
    expect(again.status).to.equal(303);
    expect((await regional.get(`${again.location!}?lang=en`)).$('[role=status]').text()).to.contain('revoked already');
    // the holder gets no clean PDF of a revoked certificate, but the way to why; an admin still may
    for (const path of [`/certificates/${cert.code}/certificate.pdf`, `/learn/courses/${c.courseId}/certificate.pdf`]) {
      const refused = await holder.get(`${path}?lang=en`, true);
      expect(refused.status, path).to.equal(410);
      expect(refused.$(`main a[href$="/verify/${cert.code}"]`).length, path).to.equal(1);
    }
    expect((await regional.get(`/certificates/${cert.code}/certificate.pdf`, true)).status).to.equal(200);
    const verify = await new Browser(server.url).get(`/verify/${cert.code}?lang=en`);
    expect(verify.$('#certificate-status').text()).to.equal('Revoked');
    expect(verify.text).to.contain('Fraud');
    const json = JSON.parse((await new Browser(server.url, { accept: 'application/json' }).get(`/verify/${cert.code}`)).text) as { status: string; revoked: { reason: string; at: string } };
    expect(json).to.deep.include({ status: 'revoked', revoked: { reason: 'fraud', at: json.revoked.at } });
  });

  it('follows the holder: a teacher who moved, or became staff, leaves the old region admin\'s reach', async () => {
    const { user, completion: c } = await completion('almaty');
    const cert = await feature().services.issuer.issue({ ...c, userId: String(c.userId) });
    const almaty = await admin('almaty');
    const astana = await admin('astana');
    expect((await almaty.get(`/admin/certificates/${cert.serial}`)).status).to.equal(200);
    await userRepository(server.db).update(user.doc._id, { region: 'astana' });
    const csrf = Browser.csrf(await almaty.get('/admin/certificates'));
    expect((await almaty.get(`/admin/certificates/${cert.serial}`)).status).to.equal(404);
    expect((await almaty.post(`/admin/certificates/${cert.serial}/revoke`, { _csrf: csrf, reason: 'fraud' })).status).to.equal(404);
    expect((await almaty.get(`/certificates/${cert.code}/certificate.pdf`)).status).to.equal(404);
    expect((await astana.get(`/admin/certificates/${cert.serial}`)).status).to.equal(200);
    await userRepository(server.db).update(user.doc._id, { region: 'almaty', role: 'admin', regionScope: null });
    expect((await almaty.get(`/admin/certificates/${cert.serial}`)).status, 'staff').to.equal(404);
    expect((await new Browser(server.url).get(`/verify/${cert.code}?lang=en`)).$('#certificate-status').text()).to.equal('Valid');
  });

  it('reissues after a name correction as a new version; the old one shows superseded and stays', async () => {
    const { user, completion: c } = await completion('almaty');
    const cert = await feature().services.issuer.issue({ ...c, userId: String(c.userId) });
    const national = await admin(null);
    const form = await national.get(`/admin/certificates/${cert.serial}`);
    const unchanged = await national.post(`/admin/certificates/${cert.serial}/reissue`, { _csrf: Browser.csrf(form) });
    expect(unchanged.status).to.equal(409);
    expect(await server.db.db!.collection('certificates').countDocuments({ userId: c.userId })).to.equal(1);

    await userRepository(server.db).update(user.doc._id, { surname: 'Сәрсенбайқызы' });
    const done = await national.post(`/admin/certificates/${cert.serial}/reissue`, { _csrf: Browser.csrf(form) });
    expect(done.status).to.equal(303);
    const next = await feature().services.repo.find(`${c._id}:2`);
    expect(next?.holderName).to.equal('Сәрсенбайқызы Әйгерім');
    expect(done.location).to.contain(next!.serial);
    const old = await new Browser(server.url).get(`/verify/${cert.code}?lang=en`);
    expect(old.$('#certificate-status').text()).to.contain('Superseded');
    expect(old.$(`a[href$="/verify/${next!.code}"]`).length).to.equal(1);
    expect((await new Browser(server.url).get(`/verify/${next!.code}?lang=en`)).$('#certificate-status').text()).to.equal('Valid');
    // the new one revoked: the old one it superseded is no clean certificate of the course either
    const holder = await signIn(server.url, user.iin, user.password);
    expect((await holder.get(`/certificates/${cert.code}/certificate.pdf`, true)).status).to.equal(200);
    const nextForm = await national.get(`/admin/certificates/${next!.serial}`);
    expect((await national.post(`/admin/certificates/${next!.serial}/revoke`, { _csrf: Browser.csrf(nextForm), reason: 'fraud' })).status).to.equal(303);
    const refused = await holder.get(`/certificates/${cert.code}/certificate.pdf?lang=en`, true);
    expect(refused.status).to.equal(410);
    expect(refused.$(`main a[href$="/verify/${next!.code}"]`).length).to.equal(1);
  });

  it('refuses malformed codes and codes of another length (400), unknown ones (404), then too many (429)', async () => {
    const anyone = new Browser(server.url);
    expect((await anyone.get('/verify/not-a-code!')).status).to.equal(400);
    expect((await anyone.get('/verify/ABCDEFGHIJKLMNOPQRS')).status).to.equal(400);
    expect((await anyone.get('/verify/ABCDEFGHIJKLMNOPQRSTU')).status).to.equal(400);
    const unknown = await new Browser(server.url, { accept: 'application/json' }).get('/verify/ABCDEFGHIJKLMNOPQRST');
    expect(unknown.status).to.equal(404);
    expect((JSON.parse(unknown.text) as { error: { code: string } }).error.code).to.equal('not_found');
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i += 1) status = (await anyone.get('/verify/AAAAAAAAAAAAAAAAAAAA')).status;
    expect(status).to.equal(429);
  });
});
