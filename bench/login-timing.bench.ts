// A failed login for an unknown account must take as long as one for a wrong password, or response
// times would tell an attacker which IINs and emails have accounts. Ratio: unknown / wrong (≈ 1).
// Both are measured with BENCH_USERS teachers stored (17,000 by default, the number trained in
// 2025), and so is the lookup behind every sign-in: by login key (login-keys.ts) against the
// `findOne({ iin })` it replaced, which FerretDB answers by decoding the whole collection.
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.ts';
import { startBenchServer } from './lib/server.ts';
import { hashPassword } from '../server/accounts/password.ts';
import { userRepository } from '../server/accounts/user.repository.ts';
import { userModel } from '../server/accounts/user.model.ts';
import { teacherImportRepository } from '../server/accounts/import/teacher-import.repository.ts';
import type { Connection } from 'mongoose';
import { loginThrottle, WINDOW_MS } from '../server/accounts/login-throttle.ts';

export const name = 'login-timing';
const ROUNDS = 20;
const USERS = Number(process.env.BENCH_USERS ?? 17_000);
const FAILURES = Number(process.env.BENCH_FAILURES ?? 100_000);

/** Stores `count` teachers through the import's bulk path, keys included, as an import would. */
async function storeTeachers(db: Connection, count: number): Promise<string[]> {
  const imports = teacherImportRepository(db);
  const iins: string[] = [];
  for (let i = 0; i < count; i += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, count - i) }, (_, j) => {
      const iin = `6${String(i + j).padStart(11, '0')}`;
      iins.push(iin);
      return { row: i + j + 2, iin, email: `stored${i + j}@example.kz`, surname: 'Тарих', givenName: 'Мұғалім', region: 'almaty', school: `№${j % 300}` };
    });
    await imports.insertTeachers(rows, new Date());
  }
  return iins;
}

async function attempt(url: string, login: string, password: string): Promise<number> {
  const form = await fetch(`${url}/login`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const started = performance.now();
  await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '127.0.0.1' },
    body: new URLSearchParams({ _csrf: token, login, password }),
  }).then((r) => r.text());
  return performance.now() - started;
}

export async function run(): Promise<BenchResult[]> {
  const server = await startBenchServer(name);
  try {
    const stored = await storeTeachers(server.db, USERS);
    const users = userRepository(server.db);
    const emails: string[] = [];
    // one account per round, so the throttle never steps in
    for (let i = 0; i < ROUNDS; i++) {
      const email = `timing${i}@example.kz`;
      emails.push(email);
      await users.create({
        iin: `9001013${String(10000 + i).slice(1)}0`.slice(0, 12), email, surname: 'Бенч', givenName: 'Тест', patronymic: '', region: 'astana',
        district: '', school: '', position: '', role: 'teacher', regionScope: null, lang: 'kk', passwordHash: await hashPassword('Дұрыс-құпиясөз-2026'),
      }).catch(() => undefined);
    }
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      wrong.push(await attempt(server.url, emails[i]!, `wrong-password-${i}`));
      unknown.push(await attempt(server.url, `nobody${i}@example.kz`, `wrong-password-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const w = median(wrong);
    const u = median(unknown);
    // the lookup alone: the last-stored teacher, whom a scan reaches last
    const last = stored.at(-1)!;
    const byKey: number[] = [];
    const byScan: number[] = [];
    const repo = userRepository(server.db);
    const Users = userModel(server.db);
    for (let i = 0; i < 10; i++) {
      let started = performance.now();
      await repo.findByLogin(last);
      byKey.push(performance.now() - started);
      started = performance.now();
      await Users.findOne({ iin: last }).lean();
      byScan.push(performance.now() - started);
    }
    const k = median(byKey);
    const f = median(byScan);

    // the throttle's check, before and after an attack stored FAILURES failures of other accounts
    const throttle = loginThrottle(server.db, server.config.sessionSecret);
    const now = new Date();
    const timeChecks = async () => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await throttle.check(`checked${i}@example.kz`, `198.51.100.${i}`, now);
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const quiet = await timeChecks();
    for (let i = 0; i < FAILURES; i += 5_000) {
      await server.db.db!.collection('login_failures').insertMany(
        Array.from({ length: Math.min(5_000, FAILURES - i) }, (_, j) => ({ _id: `attack${(i + j) % 1_000}|${Math.floor(now.getTime() / WINDOW_MS)}|${Math.floor((i + j) / 1_000)}`, window: Math.floor(now.getTime() / WINDOW_MS), at: now })) as never[],
      );
    }
    const attacked = await timeChecks();
    return [
      { metric: 'failed login, unknown account vs wrong password (median)', value: u, baseline: w, ratio: u / w, unit: 'ms', notes: `${ROUNDS} rounds each, ${USERS.toLocaleString('en')} teachers stored; argon2id m=19 MiB t=2` },
      { metric: 'sign-in lookup by IIN: login key vs findOne({ iin }) (median)', value: k, baseline: f, ratio: k / f, unit: 'ms', notes: `${USERS.toLocaleString('en')} teachers stored, the last one looked up` },
      { metric: `login throttle check: with ${FAILURES.toLocaleString('en')} failures of other accounts stored vs none (median)`, value: attacked, baseline: quiet, ratio: attacked / quiet, unit: 'ms', notes: 'reads by _id only: they grow with the depth of the index, where a filtered read decoded every stored failure' },
    ];
  } finally {
    await server.close();
  }
}
