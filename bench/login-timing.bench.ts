// A failed login for an unknown account must take as long as one for a wrong password, or response
// times would tell an attacker which IINs and emails have accounts. Ratio: unknown / wrong (≈ 1).
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.ts';
import { startBenchServer } from './lib/server.ts';
import { hashPassword } from '../server/accounts/password.ts';
import { userRepository } from '../server/accounts/user.repository.ts';

export const name = 'login-timing';
const ROUNDS = 20;

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
    return [{ metric: 'failed login, unknown account vs wrong password (median)', value: u, baseline: w, ratio: u / w, unit: 'ms', notes: `${ROUNDS} rounds each; argon2id m=19 MiB t=2` }];
  } finally {
    await server.close();
  }
}
