// The admin's user list and user page show each account's last sign-in (accounts/sign-in-record.ts):
// recorded on the first page of a new session, kept by the server that read or recorded it.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser, type Page } from '../../helpers/browser.ts';
import { createUser, signIn, type CreatedUser } from '../../helpers/users.ts';

describe("the admin's view of last sign-ins", function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: Browser;
  const tag = `кірді${randomBytes(3).toString('hex')}`;

  before(async () => {
    server = await startTestServer();
    const user = await createUser(server.db, { role: 'admin', regionScope: null });
    admin = await signIn(server.url, user.email, user.password);
  });
  after(() => server.close());

  /** The list's rows for the tag's accounts, by name: the last sign-in cell's datetime, or its text. */
  async function listed(): Promise<Record<string, string>> {
    const list = await admin.get('/admin/users?lang=en');
    const search = await admin.post('/admin/users', { _csrf: Browser.csrf(list), q: tag });
    expect(search.status).to.equal(303);
    const page = await admin.get(search.location!);
    const rows = page.$('tbody tr').map((_, row) => {
      const cells = page.$(row).find('td');
      const last = cells.last();
      return [[cells.first().text().trim(), last.find('time').attr('datetime') ?? last.text().trim()]];
    });
    return Object.fromEntries(rows.get() as [string, string][]);
  }

  const name = (u: CreatedUser) => `${u.doc.surname} ${u.doc.givenName}`;
  const userPage = async (u: CreatedUser): Promise<Page> => admin.get(`/admin/users/${String(u.doc._id)}?lang=en`);

  it('shows "never" until a teacher signs in, then the sign-in, on the list and the user page', async () => {
    const teacher = await createUser(server.db, { surname: `Сәрсенова ${tag}`, givenName: 'Әйгерім' });
    expect(await listed()).to.deep.equal({ [name(teacher)]: 'Never' });
    expect((await userPage(teacher)).text).to.include('Never');

    const before = Date.now();
    const browser = await signIn(server.url, teacher.email, teacher.password);
    expect((await browser.get('/learn')).status).to.equal(200); // the session's first page records it
    await new Promise((resolve) => setTimeout(resolve, 200)); // the record is written after that page

    const shown = (await listed())[name(teacher)]!;
    expect(new Date(shown).getTime(), shown).to.be.within(before - 1000, Date.now());
    expect((await userPage(teacher)).$('time').attr('datetime')).to.equal(shown);
  });

  it('reads a sign-in recorded by another server on the first view of the account here', async () => {
    const teacher = await createUser(server.db, { surname: `Омаров ${tag}`, givenName: 'Ерлан' });
    const at = new Date('2026-11-30T08:15:00Z');
    await server.db.collection('sign_ins').insertOne({ _id: String(teacher.doc._id) as never, at });
    expect((await listed())[name(teacher)]).to.equal(at.toISOString());
  });
});
