// Someone who registered with a real teacher's IIN and their own email keeps nothing once the
// teacher is put right (outside audit of 2026-12-05, round 2): a list does not move an account
// someone signs in to to another email, and an admin's correction of the email ends the old
// password, sessions and links.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { teacherLines, toCsv } from '../../helpers/import-files.ts';
import { check } from '../../helpers/teacher-import.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('an IIN registered by someone else', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('is not handed to the real teacher\'s email by an import; the admin\'s correction ends the squatter\'s access', async () => {
    const squatter = await createUser(server.db, { region: 'almaty', email: 'squatter@example.kz' });
    const squatterBrowser = await signIn(server.url, squatter.iin, squatter.password);
    const adminUser = await createUser(server.db, { role: 'admin', regionScope: 'almaty', region: 'almaty' });
    const admin = await signIn(server.url, adminUser.email, adminUser.password);
    const [line] = teacherLines(1, { iin: squatter.iin, email: 'real.teacher@example.kz', region: 'Алматы қаласы' });
    const { report } = await check(admin, toCsv([line!]), 'real.csv');
    expect(report.text).to.contain('is signed in to with another email');
    expect(report.$('dd').text()).to.not.contain('Teachers to update 1');
    expect((await userModel(server.db).findById(squatter.doc._id).lean())!.email).to.equal('squatter@example.kz');

    const page = await admin.get(`/admin/users/${String(squatter.doc._id)}?lang=en`);
    const saved = await admin.post(`/admin/users/${String(squatter.doc._id)}/details`, { _csrf: Browser.csrf(page), surname: line!.surname, givenName: line!.given_name, email: 'real.teacher@example.kz' });
    expect(saved.status).to.equal(303);
    expect((await admin.get(saved.location!)).$('.notice-success').text()).to.contain('send a set-password link');
    // the squatter's session has ended, and their password no longer signs in
    expect((await squatterBrowser.get('/profile')).status).to.not.equal(200);
    const again = new Browser(server.url);
    const form = await again.get('/login');
    expect((await again.post('/login', { _csrf: Browser.csrf(form), login: squatter.iin, password: squatter.password })).status).to.equal(401);
  });
});
