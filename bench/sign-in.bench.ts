// A school signing in at the bell: sign-ins at 50 connections, each a different teacher of
// BENCH_SIGNIN_TEACHERS (200 by default) posting the real login form (its stateless form token
// taken once per teacher), against bare Express doing the least a sign-in can: the login's key and
// its user read by _id, the password verified with the same argon2id, a 303 with a cookie
// (bench/lib/bare-server.ts `POST /sign-in`), in the same run. argon2id (19 MiB, 2 passes) is most
// of a sign-in, so the ratio says what the app adds around it. While the app takes the sign-ins,
// teachers already signed in load the catalogue at 10 connections: its p99 then, against the same
// load alone, says whether a storm of sign-ins holds up the pages of everyone else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './run.ts';
import { startChild } from './lib/processes.ts';
import { benchSite } from './lib/site.ts';
import { load, type LoadFigures } from './lib/load.ts';
import { createLogger } from '../server/logger.ts';
import { importBuiltInCourses } from '../server/courses/built-in.ts';
import { createUser, PASSWORD, signIn } from '../test/helpers/users.ts';

export const name = 'sign-in';
const TEACHERS = Number(process.env.BENCH_SIGNIN_TEACHERS ?? 200);
const proxy = { 'x-forwarded-proto': 'https' };
const form = 'application/x-www-form-urlencoded';

/** Counts responses by status: a sign-in's success is a 303, which autocannon counts as non-2xx. */
function tally() {
  const statuses = new Map<number, number>();
  return {
    statuses,
    onResponse: (_slot: number, status: number) => void statuses.set(status, (statuses.get(status) ?? 0) + 1),
    others: () => [...statuses].filter(([s]) => s !== 303).reduce((sum, [, n]) => sum + n, 0),
    text: () => [...statuses].map(([s, n]) => `${s}: ${n}`).join(', '),
  };
}

export async function run(): Promise<BenchResult[]> {
  const site = await benchSite('signin');
  const { db, dataDir, env, logFile, children } = site;
  try {
    await importBuiltInCourses(db, createLogger('silent'));
    const teachers: { iin: string; password: string }[] = [];
    for (let i = 0; i < TEACHERS; i += 8) teachers.push(...(await Promise.all(Array.from({ length: Math.min(8, TEACHERS - i) }, () => createUser(db, { role: 'teacher' })))));
    // BENCH_CPU_PROF=<dir> writes the app's CPU profile there
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
    const app = await startChild('server/main.ts', env, '/healthz', logFile, profile);
    children.push(app);
    // each teacher's sign-in form: its token and the cookie it is bound to
    const forms = await Promise.all(
      teachers.map(async (t) => {
        const res = await fetch(`${app.url}/login`, { headers: proxy });
        const html = await res.text();
        const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
        const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        if (!token || !cookie) throw new Error('no form token on the sign-in page');
        return { html, cookie, body: new URLSearchParams({ _csrf: token, login: t.iin, password: t.password }).toString() };
      }),
    );
    const pageFile = path.join(dataDir, 'page.html');
    writeFileSync(pageFile, forms[0]!.html);
    const bare = await startChild('bench/lib/bare-server.ts', { BARE_PAGE: pageFile, MONGODB_URI: site.uri, BARE_WORKERS: '1', NODE_ENV: 'production' }, '/page', logFile);
    children.push(bare);

    const bareTally = tally();
    const bareFigures = await load({
      url: bare.url,
      slots: TEACHERS,
      request: (slot) => ({ method: 'POST', path: '/sign-in', headers: { 'content-type': form }, body: new URLSearchParams({ login: teachers[slot]!.iin, password: PASSWORD }).toString() }),
      onResponse: bareTally.onResponse,
      cpuSeconds: bare.cpuSeconds,
    });
    await bare.stop();
    children.pop();

    const reader = await signIn(app.url, teachers[0]!.iin, teachers[0]!.password);
    const readerCookie = [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const catalogue = () => load({ url: app.url, request: { path: '/learn', headers: { ...proxy, cookie: readerCookie } }, connections: 10 });
    const alone = await catalogue();
    const signIns = (t: ReturnType<typeof tally>) =>
      load({
        url: app.url,
        slots: TEACHERS,
        request: (slot) => ({ method: 'POST', path: '/login', headers: { ...proxy, 'content-type': form, cookie: forms[slot]!.cookie }, body: forms[slot]!.body }),
        onResponse: t.onResponse,
        cpuSeconds: app.cpuSeconds,
      });
    // the sign-ins alone (against bare Express), then again with the catalogue loaded meanwhile
    const appTally = tally();
    const appFigures = await signIns(appTally);
    const [, during] = await Promise.all([signIns(tally()), catalogue()]);
    const line = (label: string, f: LoadFigures, t?: ReturnType<typeof tally>) =>
      `  ${label}: ${f.requestsPerSecond.toFixed(1)}/s, p50 ${f.p50} ms, p99 ${f.p99} ms, errors ${f.errors}${t ? `, statuses ${t.text()}` : `, non-2xx ${f.non2xx}`}, CPU ${f.cpuMsPerRequest.toFixed(1)} ms each\n`;
    process.stdout.write(line('bare sign-ins', bareFigures, bareTally) + line('app sign-ins', appFigures, appTally) + line('catalogue alone', alone) + line('catalogue during more sign-ins', during));
    return [
      {
        metric: 'sign-ins/s at 50 connections vs bare Express + the same argon2id',
        value: appFigures.requestsPerSecond,
        baseline: bareFigures.requestsPerSecond,
        ratio: appFigures.requestsPerSecond / bareFigures.requestsPerSecond,
        unit: '/s',
        notes: `app p50 ${appFigures.p50} ms, p99 ${appFigures.p99} ms, ${appFigures.cpuMsPerRequest.toFixed(1)} ms CPU each; bare p50 ${bareFigures.p50} ms, p99 ${bareFigures.p99} ms, ${bareFigures.cpuMsPerRequest.toFixed(1)} ms CPU; not a 303: app ${appTally.others() + appFigures.errors}, bare ${bareTally.others() + bareFigures.errors}; ${TEACHERS} teachers`,
      },
      {
        metric: 'catalogue p99 during the sign-ins vs alone (10 connections)',
        value: during.p99,
        baseline: alone.p99,
        ratio: during.p99 / alone.p99,
        unit: 'ms',
        notes: `during: ${during.requestsPerSecond.toFixed(0)} req/s, p50 ${during.p50} ms, errors ${during.errors}, non-2xx ${during.non2xx}; alone: ${alone.requestsPerSecond.toFixed(0)} req/s, p50 ${alone.p50} ms`,
      },
    ];
  } finally {
    await site.close();
  }
}
