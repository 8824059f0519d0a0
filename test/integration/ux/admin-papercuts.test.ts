import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

describe('papercuts: the admin role form', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('lets only a national admin grant or remove the coordinator role', async () => {
    const regional = await createUser(server.db, { role: 'admin', regionScope: 'astana', region: 'astana' });
    const teacher = await createUser(server.db, { region: 'astana' });
    const browser = await signIn(server.url, regional.email, regional.password);
    const form = await browser.get(`/admin/users/${teacher.doc._id}?lang=en`);
    expect(form.$('select[name=role] option').map((_i, o) => form.$(o).attr('value')).get()).to.deep.equal(['teacher']);
    const refused = await browser.post(`/admin/users/${teacher.doc._id}?lang=en`, { _csrf: Browser.csrf(form), role: 'coordinator', status: 'active' });
    expect(refused.status).to.equal(403);
    expect(refused.text).to.contain('Only a national administrator');
    expect((await userModel(server.db).findById(teacher.doc._id).lean())?.role).to.equal('teacher');

    const national = await createUser(server.db, { role: 'admin', regionScope: null });
    const nb = await signIn(server.url, national.email, national.password);
    const nform = await nb.get(`/admin/users/${teacher.doc._id}`);
    expect(nform.$('.scope-field select[name=regionScope]').length).to.equal(1);
    const done = await nb.post(`/admin/users/${teacher.doc._id}`, { _csrf: Browser.csrf(nform), role: 'coordinator', regionScope: '', status: 'active' });
    expect(done.status).to.equal(303);
    expect((await userModel(server.db).findById(teacher.doc._id).lean())?.role).to.equal('coordinator');
    const again = await browser.get(`/admin/users/${teacher.doc._id}`);
    const demote = await browser.post(`/admin/users/${teacher.doc._id}`, { _csrf: Browser.csrf(again), role: 'teacher', status: 'active' });
    expect(demote.status).to.equal(403);
  });
});
