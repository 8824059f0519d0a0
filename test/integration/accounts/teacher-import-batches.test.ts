import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { teacherImportRepository } from '../../../server/accounts/import/teacher-import.repository.ts';
import type { ImportRow } from '../../../server/accounts/import/import-rows.ts';
import { ownDatabase } from '../../helpers/database.ts';
import { makeIin } from '../../helpers/users.ts';

// FerretDB 1.24 stops answering an update command of about 100 operations and more; an import
// that changes more teachers than that must still finish, with every change stored.
describe('teacher import: writes in batches the database answers', function () {
  this.timeout(60_000);
  let own: { db: Connection; drop(): Promise<void> };
  before(async () => {
    own = await ownDatabase('import-batches');
  });
  after(async () => own.drop());

  it('creates and then updates 260 teachers, each change stored and announced', async () => {
    const repo = teacherImportRepository(own.db);
    const rows: ImportRow[] = Array.from({ length: 260 }, (_, i) => ({ row: i + 2, iin: makeIin(), email: `batch${i}@example.kz`, surname: 'Сәрсенбаева', givenName: 'Әйгерім', region: 'almaty', school: '№ 1' }));
    const { created, problems } = await repo.insertTeachers(rows, new Date());
    expect(problems).to.deep.equal([]);
    expect(created).to.have.length(260);

    const stampOf = async (id: unknown) => ((await own.db.db!.collection('stamps').findOne({ _id: `u:${String(id)}` as never })) as { token?: string } | null)?.token;
    const before = await Promise.all(created.map(({ id }) => stampOf(id)));
    const updates = created.map(({ row, id }) => ({ row, id, set: { school: `№ ${row.row} мектеп-гимназия` } }));
    const result = await repo.updateTeachers(updates, new Date());
    // every server remembering one of them reads them again (db/remembered.ts)
    const after = await Promise.all(created.map(({ id }) => stampOf(id)));
    expect(after.filter((token, i) => token && token !== before[i])).to.have.length(260);
    expect(result).to.deep.equal({ updated: 260, problems: [] });
    const stored = await own.db.db!.collection('users').find({ email: /^batch/ }).project({ school: 1, email: 1 }).toArray();
    const expected = new Map(rows.map((r) => [r.email, `№ ${r.row} мектеп-гимназия`]));
    expect(stored.filter((u) => u.school === expected.get(String(u.email)))).to.have.length(260);
  });
});
