// The admin's user list (server/accounts/user-index.ts) with BENCH_USERS (17,000) accounts on the
// embedded database: the time of one page (a filter and a name search, 25 rows and the total) from
// the list in memory, against the database query it replaced (find with the filter, sorted,
// skipped and limited, and a count), in rounds that alternate the two, in one run. Also the time
// of the one load that fills the list (a server's first view, or its first after another
// server's write).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import type { BenchResult } from './run.ts';
import { openDatabase } from '../server/database.ts';
import { startEmbeddedDatabase } from '../server/db/embedded.ts';
import { userModel, type UserDoc } from '../server/accounts/user.model.ts';
import { userRepository } from '../server/accounts/user.repository.ts';
import { userIndexOf } from '../server/accounts/user-index.ts';

export const name = 'user-list';
const USERS = Number(process.env.BENCH_USERS ?? 17_000);
const ROUNDS = 3;

const surnames = ['Сәрсенбаева', 'Қожаһметов', 'Өмірзақова', 'Нұрғалиев', 'Жүсіпбекова', 'Иванова', 'Ғабдуллин', 'Тоқтарова'];

export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-users-'));
  const embedded = await startEmbeddedDatabase(dataDir);
  const db = await openDatabase(embedded.uri, 'qorgau_bench_users');
  try {
    const Users = userModel(db);
    const now = new Date();
    for (let i = 0; i < USERS; i += 1000) {
      const docs = Array.from({ length: Math.min(1000, USERS - i) }, (_, j) => {
        const n = i + j;
        const surname = `${surnames[n % surnames.length]}${n % 97}`;
        const email = `teacher${n}@example.kz`;
        return { _id: new Types.ObjectId(), iin: String(850101300000 + n), email, surname, givenName: 'Әйгерім', patronymic: 'Қайратқызы', region: ['astana', 'almaty', 'shymkent'][n % 3], district: '', school: `№ ${n % 300}`, position: '', role: 'teacher', regionScope: null, lang: 'kk', status: 'active', passwordHash: null, searchText: `${surname} әйгерім қайратқызы ${email}`.toLowerCase(), createdAt: now, updatedAt: now };
      });
      await Users.collection.insertMany(docs);
    }
    const users = userRepository(db);
    // each round its own name, so the list in memory filters its rows afresh, as for a filter
    // nobody asked before (a filter asked before is kept per version of the list: timed below)
    const filter = (round: number) => ({ scope: null, region: 'almaty', q: `нұрғалиев${round + 1}` });
    const query = (round: number) => ({ region: 'almaty', searchText: mongoose.trusted({ $regex: `нұрғалиев${round + 1}` }) });
    const ways = {
      'in memory': async (round: number) => (await users.list(filter(round), 2, 25)).total,
      database: async (round: number) => {
        const [, total] = await Promise.all([Users.find(query(round)).sort({ surname: 1, givenName: 1, _id: 1 }).skip(25).limit(25).lean<UserDoc[]>(), Users.countDocuments(query(round))]);
        return total;
      },
    };
    let started = performance.now();
    await userIndexOf(db).rows();
    const loadMs = performance.now() - started;
    const totals = { 'in memory': 0, database: 0 };
    for (let round = 0; round <= ROUNDS; round += 1) {
      const seen = new Set<number>();
      for (const way of ['database', 'in memory'] as const) {
        started = performance.now();
        seen.add(await ways[way](round));
        // round 0 warms up
        if (round > 0) totals[way] += performance.now() - started;
      }
      if (seen.size !== 1) throw new Error(`the two ways counted differently: ${[...seen].join(', ')}`);
    }
    const per = (way: keyof typeof totals) => totals[way] / ROUNDS;
    // the next page of a filter just asked: its rows are kept, so only the page is cut from them
    let nextPages = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      started = performance.now();
      await users.list(filter(round), 3, 25);
      nextPages += performance.now() - started;
    }
    const notes = `${USERS.toLocaleString('en')} accounts; a region and a name search, page 2; ${ROUNDS} alternating rounds; the list's one load took ${loadMs.toFixed(0)} ms`;
    return [
      { metric: 'admin user list, one page: in memory vs the database query', value: per('in memory'), baseline: per('database'), ratio: per('in memory') / per('database'), unit: 'ms', notes },
      { metric: 'admin user list, the next page of that filter: in memory vs the database query', value: nextPages / ROUNDS, baseline: per('database'), ratio: nextPages / ROUNDS / per('database'), unit: 'ms', notes: `${USERS.toLocaleString('en')} accounts; page 3 of a filter asked just before; the database query's time as above` },
    ];
  } finally {
    await db.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
