// A teacher's standing carries who they are: the roster, the dashboard and the exports show, filter
// and scope by it. Every write of people (an admin's, an import's, a sign-up's) writes it again, and
// the standings sweep mends what a write without the listener left behind.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { parse } from 'csv-parse/sync';
import { userModel } from '../../../server/accounts/user.model.ts';
import { userRepository } from '../../../server/accounts/user.repository.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import { createLogger } from '../../../server/logger.ts';
import { standardsServices } from '../../../server/standards/standards.ts';
import type { Browser } from '../../helpers/browser.ts';
import { teacherLines, toCsv } from '../../helpers/import-files.ts';
import { check, commit } from '../../helpers/teacher-import.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { startOwnServer, type OwnServer } from '../reports/own-server.ts';

const { trusted } = mongoose;

describe('standings follow the people they show', function () {
  this.timeout(120_000);
  let server: OwnServer;
  let national: Browser;
  let almaty: Browser;
  let astana: Browser;

  const csv = async (browser: Browser, region: string) => {
    const res = await fetch(`${server.url}/reports/roster.csv?lang=en&region=${region}`, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).to.equal(200);
    return (parse((await res.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[]).map((r) => Object.values(r).join(' '));
  };
  const listed = async (browser: Browser, region: string) => (await browser.get(`/reports/roster?lang=en&region=${region}`)).$('tbody tr').text();

  before(async () => {
    server = await startOwnServer('people');
    const admin = async (regionScope: string | null) => {
      const a = await createUser(server.db, { role: 'admin', regionScope, region: regionScope ?? 'astana' });
      return signIn(server.url, a.iin, a.password);
    };
    [national, almaty, astana] = [await admin(null), await admin('almaty'), await admin('astana')];
  });
  after(async () => server.close());

  it('lists a new teacher at once, by their current name, and drops one who is no longer a teacher', async () => {
    const teacher = await createUser(server.db, { surname: 'Жаңабаева', givenName: 'Гүлжан', region: 'almaty' });
    expect(await listed(almaty, 'almaty')).to.contain('Жаңабаева');
    const users = userRepository(server.db);
    await users.update(teacher.doc._id, { surname: 'Қалиева' });
    const after = await listed(almaty, 'almaty');
    expect(after).to.contain('Қалиева').and.not.contain('Жаңабаева');
    expect((await csv(national, 'almaty')).join('\n')).to.contain('Қалиева');
    await users.update(teacher.doc._id, { role: 'coordinator' });
    expect(await listed(national, 'almaty')).to.not.contain('Қалиева');
  });

  it('moves a teacher an import moves to another region out of the first region admin\'s roster and exports', async () => {
    const [line] = teacherLines(1, { surname: 'Төлеуова', given_name: 'Ұлжан', region: 'Алматы қаласы' });
    const first = await check(national, toCsv([line!]), 'teachers.csv');
    await commit(national, first.report, first.path);
    expect(await listed(almaty, 'almaty')).to.contain('Төлеуова');
    const moved = await check(national, toCsv([{ ...line!, region: 'Астана қаласы' }]), 'moved.csv');
    await commit(national, moved.report, moved.path);
    expect(await listed(almaty, 'almaty')).to.not.contain('Төлеуова');
    expect((await csv(almaty, 'almaty')).join('\n')).to.not.contain(line!.iin);
    expect(await listed(astana, 'astana')).to.contain('Төлеуова');
    expect((await csv(astana, 'astana')).join('\n')).to.contain(line!.iin);
  });

  it('writes the standings of a large import once each, in inserts, without changing anyone\'s stamp', async () => {
    const lines = teacherLines(1_200, { region: 'Ұлытау облысы' });
    const { report, path } = await check(national, toCsv(lines), 'many.csv');
    await commit(national, report, path);
    const ids = (await userModel(server.db).find({ iin: trusted({ $in: lines.map((l) => l.iin) }) }, { _id: 1 }).lean()).map((u) => String(u._id));
    expect(ids).to.have.length(1_200);
    const rows = await server.db.collection<{ _id: string; region: string }>('standings').find({ _id: trusted({ $in: ids }) }).toArray();
    expect(rows.filter((r) => r.region === 'ulytau')).to.have.length(1_200);
    // nobody can have read the row of an account made just now: no stamp was written for them
    expect(await server.db.collection<{ _id: string }>('stamps').countDocuments({ _id: trusted({ $in: ids.map((id) => `u:${id}`) }) })).to.equal(0);
  });

  it('mends, in the standings sweep, a row that a write without the listener left showing a teacher as they were', async () => {
    const teacher = await createUser(server.db, { surname: 'Бекова', givenName: 'Айнұр', region: 'almaty' });
    // as another process without the listener, or a crash before the standing was written, would leave it
    await userModel(server.db).updateOne({ _id: teacher.doc._id }, { $set: { region: 'astana', surname: 'Серікова' } });
    expect(await listed(almaty, 'almaty')).to.contain('Бекова');
    const courses = courseServices(server.db);
    const learning = learningFeature({ db: server.db, clock: { now: () => new Date() }, logger: createLogger('silent'), catalog: courses.catalog });
    const { standings } = standardsServices({ db: server.db, clock: { now: () => new Date() }, logger: createLogger('silent'), directory: directoryService(server.db), learning: learning.services, catalog: courses.catalog });
    expect(await standings.reconcile()).to.equal(1);
    expect(await standings.reconcile()).to.equal(0);
    // the server sees another process's write of standings within a second (standing-index.ts)
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await listed(almaty, 'almaty')).to.not.contain('Бекова');
    expect(await listed(astana, 'astana')).to.contain('Серікова');
  });
});
