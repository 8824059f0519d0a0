// The admin's user list is worked out in memory (server/accounts/user-index.ts): it must select
// what the database query selects, page for page, in the Kazakh alphabet's order (not the
// database's code-point order, which put Ә, Қ, Ө … after Я), and show another server's writes on
// the next view.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import mongoose, { Types, type Connection } from 'mongoose';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { userModel, type UserDoc } from '../../../server/accounts/user.model.ts';
import { userRepository, type UserFilter } from '../../../server/accounts/user.repository.ts';
import { openDatabase } from '../../../server/database.ts';
import { databaseUri } from '../../helpers/database.ts';
import { createUser, makeIin } from '../../helpers/users.ts';

describe('the admin\'s user list', () => {
  const name = `qorgau_users_${randomBytes(4).toString('hex')}`;
  let here: Connection;
  let there: Connection;
  const tag = `тізім${randomBytes(3).toString('hex')}`;

  before(async () => {
    // two connections: two servers of the site, each with its own list in memory
    here = await openDatabase(await databaseUri(), name);
    there = await openDatabase(await databaseUri(), name);
  });
  after(async () => {
    await here.dropDatabase();
    await here.close();
    await there.close();
  });

  const ids = (users: readonly { _id: unknown }[]) => users.map((u) => String(u._id));
  const search = async (db: Connection, filter: Partial<UserFilter>, page = 1) => userRepository(db).list({ scope: null, ...filter }, page, 25);

  // the Kazakh alphabet: А Ә Б В Г Ғ Д Е … И … К Қ … О Ө … Ы І … Я, then Latin
  const surnameOrder = ['Абаев', 'Әбенова', 'Иванова', 'Қасымова', 'Өтегенова', 'Ыбырайұлы', 'Zhukova'];
  const givenOrder = ['Әйгерім', 'Гүлнар', 'Ерлан'];
  const inAlphabetOrder = (a: UserDoc, b: UserDoc) => {
    const key = (u: UserDoc) => [surnameOrder.indexOf(u.surname.split(' ')[0]!), u.surname.includes(' ') ? 1 : 0, givenOrder.indexOf(u.givenName)];
    const [x, y] = [key(a), key(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (String(a._id) < String(b._id) ? -1 : 1);
  };

  it('lists, filters, searches and pages as the database query selects, in the Kazakh alphabet', async () => {
    const surnames = ['Әбенова', 'Ыбырайұлы', 'Иванова', 'Қасымова', 'Zhukova', 'Өтегенова', 'Абаев'];
    for (let i = 0; i < 60; i += 1) {
      await createUser(here, {
        surname: `${surnames[i % surnames.length]}${i % 4 === 0 ? '' : ` ${tag}`}`,
        givenName: ['Әйгерім', 'Ерлан', 'Гүлнар'][i % 3]!,
        region: ['almaty', 'astana', 'abai'][i % 3]!,
        role: i % 10 === 0 ? 'coordinator' : 'teacher',
        status: i % 7 === 0 ? 'disabled' : 'active',
      });
    }
    const Users = userModel(here);
    const regex = (pattern: string) => mongoose.trusted({ $regex: pattern });
    const filters: { filter: Partial<UserFilter>; query: Record<string, unknown> }[] = [
      { filter: {}, query: {} },
      { filter: { region: 'almaty' }, query: { region: 'almaty' } },
      { filter: { scope: 'astana', role: 'teacher' }, query: { region: 'astana', role: 'teacher' } },
      { filter: { status: 'disabled' }, query: { status: 'disabled' } },
      { filter: { q: tag.toUpperCase() }, query: { searchText: regex(tag) } },
      { filter: { q: 'ерлан' }, query: { searchText: regex('ерлан') } },
      { filter: { q: '@example.kz', region: 'abai' }, query: { searchText: regex('@example\\.kz'), region: 'abai' } },
      { filter: { q: 'a.b(c' }, query: { searchText: regex('a\\.b\\(c') } },
    ];
    for (const { filter, query } of filters) {
      const selected = (await Users.find(query).lean<UserDoc[]>()).sort(inAlphabetOrder);
      const total = selected.length;
      for (let page = 1; page <= Math.max(1, Math.ceil(total / 25)); page += 1) {
        const expected = selected.slice((page - 1) * 25, page * 25);
        const listed = await search(here, filter, page);
        expect(listed.total, JSON.stringify(filter)).to.equal(total);
        expect(ids(listed.users), `${JSON.stringify(filter)} page ${page}`).to.deep.equal(ids(expected));
      }
    }
    expect((await search(here, {}, 99)).users).to.deep.equal([]);
    expect(await search(here, { scope: 'astana', region: 'almaty' })).to.deep.equal({ users: [], total: 0 });
  });

  it('shows an account created, changed or imported through another server on the next view', async () => {
    const find = async (db: Connection, q: string, filter: Partial<UserFilter> = {}) => ids((await search(db, { q, ...filter })).users);
    expect(await find(here, tag)).to.not.deep.equal([]); // this server's list is loaded now
    const created = await createUser(there, { surname: `Жаңабаева ${tag}` });
    expect(await find(here, 'жаңабаева')).to.deep.equal([String(created.doc._id)]);

    await userRepository(there).update(created.doc._id, { status: 'disabled' });
    expect(await find(here, 'жаңабаева', { status: 'disabled' })).to.deep.equal([String(created.doc._id)]);
    await userRepository(there).update(created.doc._id, { surname: `Жаңабекова ${tag}` });
    expect(await find(here, 'жаңабаева')).to.deep.equal([]);
    expect(await find(here, 'жаңабекова')).to.deep.equal([String(created.doc._id)]);

    const teacher = { _id: new Types.ObjectId(), iin: makeIin(), email: `bulk-${tag}@example.kz`, surname: 'Көпжасарова', givenName: 'Іңкәр', patronymic: '', region: 'almaty', district: '', school: '', position: '', lang: 'kk' as const };
    expect(await directoryService(there).addTeachers([teacher], new Date())).to.equal(1);
    expect(await find(here, `bulk-${tag}`)).to.deep.equal([String(teacher._id)]);
  });

  it('shows this server\'s own change at once, and what it wrote is what the list shows', async () => {
    const created = await createUser(here, { surname: `Өзгербаева ${tag}`, region: 'almaty' });
    await userRepository(here).update(created.doc._id, { role: 'coordinator' });
    const [row] = (await search(here, { q: 'өзгербаева' })).users;
    expect(row).to.include({ role: 'coordinator', region: 'almaty', status: 'active' });
    expect(row).to.not.have.property('passwordHash');
  });

  it("puts this server's own write in its place in the alphabet", async () => {
    const own = `реті${randomBytes(3).toString('hex')}`;
    const surnames = async () => (await search(here, { q: own })).users.map((u) => u.surname.split(' ')[0]);
    expect(await search(here, { q: 'ерлан' })).to.have.property('total').above(0); // the list is loaded here
    const moving = await createUser(here, { surname: `Ұланова ${own}` });
    await createUser(here, { surname: `Яковлева ${own}` });
    await createUser(here, { surname: `Бекова ${own}` });
    expect(await surnames()).to.deep.equal(['Бекова', 'Ұланова', 'Яковлева']);
    await userRepository(here).update(moving.doc._id, { surname: `Әліева ${own}` });
    expect(await surnames()).to.deep.equal(['Әліева', 'Бекова', 'Яковлева']);
  });
});
