// Sign-in finds a user by IIN or email through a login key (`iin:<iin>` → userId), read by _id.
// Each test uses a database of its own, so "before keys existed" can be set up for real.
import { expect } from 'chai';
import { Types, type Connection } from 'mongoose';
import { loginKeys } from '../../../server/accounts/login-keys.ts';
import { teacherImportRepository } from '../../../server/accounts/import/teacher-import.repository.ts';
import { userRepository } from '../../../server/accounts/user.repository.ts';
import { ConflictError } from '../../../server/errors.ts';
import { ownDatabase } from '../../helpers/database.ts';
import { createUser, makeIin } from '../../helpers/users.ts';

describe('login keys', () => {
  let db: Connection;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ db, drop } = await ownDatabase('qorgau_keys'));
  });
  afterEach(() => drop());

  const keyDoc = (id: string) => db.db!.collection<{ _id: string; userId: Types.ObjectId | null }>('login_keys').findOne({ _id: id });

  /** A user written straight to the collection, as one stored before login keys existed. */
  async function legacyUser(): Promise<{ _id: Types.ObjectId; iin: string; email: string }> {
    const iin = makeIin();
    const user = { _id: new Types.ObjectId(), iin, email: `legacy${iin}@example.kz`, surname: 'Әбенова', givenName: 'Гүлнұр', patronymic: '', region: 'almaty', district: '', school: '', position: '', role: 'teacher', regionScope: null, lang: 'kk', status: 'active', passwordHash: null, passwordChangedAt: null, searchText: '' };
    await db.db!.collection('users').insertOne(user as never);
    return user;
  }

  it('finds a user created through the repository by IIN and by email, from its keys', async () => {
    const { doc, iin, email } = await createUser(db);
    expect((await keyDoc(`iin:${iin}`))?.userId?.toString()).to.equal(doc._id.toString());
    expect((await keyDoc(`email:${email}`))?.userId?.toString()).to.equal(doc._id.toString());
    const users = userRepository(db);
    expect((await users.findByLogin(iin))?._id.toString()).to.equal(doc._id.toString());
    expect((await users.findByLogin(` ${email.toUpperCase()} `))?._id.toString()).to.equal(doc._id.toString());
    expect(await users.findByLogin(makeIin())).to.equal(null);
  });

  it('still finds users stored before keys existed, and backfill gives them keys once', async () => {
    const early = await legacyUser();
    const other = await legacyUser();
    const users = userRepository(db);
    // before backfill a missing key is looked up the slow way, and repaired
    expect((await users.findByLogin(early.iin))?._id.toString()).to.equal(early._id.toString());
    expect((await keyDoc(`iin:${early.iin}`))?.userId?.toString()).to.equal(early._id.toString());

    expect(await loginKeys(db).backfill()).to.equal(2);
    expect((await keyDoc(`email:${other.email}`))?.userId?.toString()).to.equal(other._id.toString());
    expect(await loginKeys(db).backfill(), 'the second run reads nothing').to.equal(0);

    // after backfill, a missing key means nobody: a user written around the repository is not scanned for
    const stray = await legacyUser();
    expect(await userRepository(db).findByLogin(stray.iin)).to.equal(null);
    expect((await userRepository(db).findByLogin(other.email))?._id.toString()).to.equal(other._id.toString());
  });

  it('moves the email key when the email changes: the new email signs in, the old one does not', async () => {
    await loginKeys(db).backfill();
    const { doc, email } = await createUser(db);
    const users = userRepository(db);
    const changed = `Changed${doc.iin}@Example.kz`;
    await users.update(doc._id, { email: changed });
    expect((await users.findByLogin(changed.toLowerCase()))?._id.toString()).to.equal(doc._id.toString());
    expect(await users.findByLogin(email)).to.equal(null);
    expect(await keyDoc(`email:${email}`)).to.equal(null);
  });

  it('repairs a key that names the wrong user, and never returns a user who does not hold the value', async () => {
    await loginKeys(db).backfill();
    const a = await createUser(db);
    const b = await createUser(db);
    await db.db!.collection('login_keys').updateOne({ _id: `iin:${a.iin}` as never }, { $set: { userId: b.doc._id } });
    const found = await userRepository(db).findByLogin(a.iin);
    expect(found?._id.toString()).to.equal(a.doc._id.toString());
    expect((await keyDoc(`iin:${a.iin}`))?.userId?.toString()).to.equal(a.doc._id.toString());

    // a key left by a registration that failed after claiming it
    const ghost = makeIin();
    await loginKeys(db).claim('iin', ghost, new Types.ObjectId());
    expect(await userRepository(db).findByLogin(ghost)).to.equal(null);
    expect(await keyDoc(`iin:${ghost}`), 'the dangling key is deleted').to.equal(null);
  });

  it('gives imported teachers their keys, and moves a key when a re-import changes an email', async () => {
    await loginKeys(db).backfill();
    const imports = teacherImportRepository(db);
    const rows = [makeIin(), makeIin()].map((iin, i) => ({ row: i + 2, iin, email: `imported${iin}@example.kz`, surname: 'Қасымов', givenName: 'Нұрлан', region: 'astana' }));
    const { created, problems } = await imports.insertTeachers(rows, new Date());
    expect(problems).to.deep.equal([]);
    const users = userRepository(db);
    for (const row of rows) expect((await users.findByLogin(row.iin))?.email).to.equal(row.email);
    const moved = `moved${rows[0]!.iin}@example.kz`;
    await imports.updateTeachers([{ row: rows[0]!, id: created[0]!.id, set: { email: moved } }], new Date());
    expect((await users.findByLogin(moved))?.iin).to.equal(rows[0]!.iin);
    expect(await users.findByLogin(rows[0]!.email)).to.equal(null);
  });

  it('lets exactly one of two racing registrations with one IIN win, and signs the winner in', async () => {
    await loginKeys(db).backfill();
    const iin = makeIin();
    const results = await Promise.allSettled([createUser(db, { iin, email: `first${iin}@example.kz` }), createUser(db, { iin, email: `second${iin}@example.kz` })]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).to.have.length(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof createUser>>>).value;
    expect((await userRepository(db).findByLogin(iin))?._id.toString()).to.equal(winner.doc._id.toString());
  });
});
