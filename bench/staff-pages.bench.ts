// The pages `bench -- pages` does not load: every page of a coordinator and an admin (national and
// regional), and a teacher's and a visitor's other pages, over a seeded site (`seed-demo` of
// BENCH_TEACHERS teachers, 2,000 by default, with their certificates), at 50 connections each
// (BENCH_CONNECTIONS), after a warm-up, once the app's start-up work on that data is done. Each page's baseline, in the same run, is bare Express 5 + express-handlebars rendering a
// page of its bytes (bench/lib/bare-server.ts), loaded just before it. The app runs as production
// does (server/main.ts in a child process) on the embedded database; STAFF_ONLY=<path>,<path>
// measures only those paths (an id written `:id`); STAFF_DURATION (s, 4 by default) sets each load's length;
// BENCH_CPU_PROF=<dir> writes the app's CPU profile there.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './run.ts';
import { settled, startChild } from './lib/processes.ts';
import { benchSite } from './lib/site.ts';
import { load, type LoadFigures } from './lib/load.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { importBuiltInCourses } from '../server/courses/built-in.ts';
import { seedDemo } from '../server/reports/demo/seed-demo.ts';
import { seedDependencies } from '../server/reports/demo/seed-wiring.ts';
import { createUser, signIn } from '../test/helpers/users.ts';

export const name = 'staff-pages';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 2000);
const DURATION = Number(process.env.STAFF_DURATION ?? 4);
const proxy = { 'x-forwarded-proto': 'https' };

interface Row {
  role: string;
  path: string;
  kb: number;
  app: LoadFigures;
  bare: LoadFigures;
}

export async function run(): Promise<BenchResult[]> {
  const site = await benchSite('staff');
  const { db, dataDir, env, logFile, children } = site;
  const logger = createLogger('silent');
  try {
    await importBuiltInCourses(db, logger);
    const seedDeps = await seedDependencies({ db, clock: { now: () => new Date() }, logger, config: loadConfig({}, env) });
    // with certificates: else the app's sweep issues (and mails) one per completion while pages load
    const seeded = await seedDemo(seedDeps, { teachers: TEACHERS, seed: 7 });
    process.stdout.write(`  seeded ${seeded.added} teachers, ${seeded.completions} completions\n`);
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
    const app = await startChild('server/main.ts', env, '/healthz', logFile, profile);
    children.push(app);
    // the app's start-up work on the seeded data (login keys for the demo accounts) ends first
    await settled(app);

    const cookieOf = async (u: { iin: string; password: string }) => [...(await signIn(app.url, u.iin, u.password)).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const national = await cookieOf(await createUser(db, { role: 'admin', regionScope: null }));
    const regional = await cookieOf(await createUser(db, { role: 'admin', regionScope: 'almaty', region: 'almaty' }));
    const coordinator = await cookieOf(await createUser(db, { role: 'coordinator', regionScope: null }));
    const teacher = await cookieOf(await createUser(db, { role: 'teacher' }));
    const someone = String((await db.collection('users').findOne({ role: 'teacher', region: 'almaty' }))!._id);
    const version = (await db.collection('course_versions').findOne({ courseId: 'bullying-prevention' }))!;
    const module = (version.modules as { id: string; lessons: { id: string }[] }[])[0]!;
    const preview = `/coordinator/courses/bullying-prevention/versions/${String(version._id)}`;
    const pages: [string, string, string][] = [
      ['visitor', '/login', ''],
      ['visitor', '/register', ''],
      ['visitor', '/password/forgot', ''],
      ['visitor', '/verify', ''],
      ['visitor', '/privacy', ''],
      ['teacher', '/profile/password', teacher],
      ['teacher', '/transcript', teacher],
      ['coordinator', '/coordinator/courses', coordinator],
      ['coordinator', '/coordinator/courses/upload', coordinator],
      ['coordinator', '/coordinator/courses/bullying-prevention', coordinator],
      ['coordinator', preview, coordinator],
      ['coordinator', `${preview}/modules/${module.id}/lessons/${module.lessons[0]!.id}`, coordinator],
      ['coordinator', `${preview}/modules/${module.id}/quiz`, coordinator],
      ['coordinator', `${preview}/retire`, coordinator],
      ['admin', '/admin/users', national],
      ['admin', `/admin/users/${someone}`, national],
      ['admin', '/admin/users/new', national],
      ['admin', '/admin/import', national],
      ['admin', '/admin/certificates', national],
      ['admin', '/admin/standard', national],
      ['admin', '/reports/dashboard', national],
      ['admin', '/reports/roster', national],
      ['admin', '/reports/roster?page=3&sort=date', national],
      ['admin', '/reports/exports', national],
      ['admin', `/reports/teachers/${someone}`, national],
      ['regional admin', '/reports/dashboard', regional],
      ['regional admin', '/reports/roster', regional],
      ['regional admin', '/admin/users', regional],
    ];
    const only = process.env.STAFF_ONLY?.split(',');
    const rows: Row[] = [];
    for (const [role, pagePath, cookie] of pages) {
      if (only && !only.includes(pagePath) && !only.includes(pagePath.replace(/[0-9a-f]{24}/g, ':id'))) continue;
      const headers = { ...proxy, ...(cookie ? { cookie } : {}) };
      const first = await fetch(app.url + pagePath, { headers, redirect: 'manual' });
      const html = await first.text();
      if (first.status !== 200) throw new Error(`${role} ${pagePath}: ${first.status}`);
      const pageFile = path.join(dataDir, 'page.html');
      writeFileSync(pageFile, html);
      const bare = await startChild('bench/lib/bare-server.ts', { BARE_PAGE: pageFile, MONGODB_URI: site.uri, BARE_WORKERS: '1', NODE_ENV: 'production' }, '/page', logFile);
      try {
        const bareFigures = await load({ url: bare.url, request: { path: '/page' }, duration: DURATION, warmup: 1, cpuSeconds: bare.cpuSeconds });
        const appFigures = await load({ url: app.url, request: { path: pagePath, headers }, duration: DURATION, warmup: 1, cpuSeconds: app.cpuSeconds });
        rows.push({ role, path: pagePath, kb: Buffer.byteLength(html) / 1024, app: appFigures, bare: bareFigures });
        process.stdout.write(`  ${role} ${pagePath}: ${appFigures.requestsPerSecond.toFixed(0)} req/s (bare ${bareFigures.requestsPerSecond.toFixed(0)}), p99 ${appFigures.p99} ms\n`);
      } finally {
        await bare.stop();
      }
    }
    const line = (r: Row) =>
      `| ${r.role} | ${r.path.replace(/[0-9a-f]{24}/g, ':id')} | ${r.kb.toFixed(1)} | ${r.app.requestsPerSecond.toFixed(0)} | ${r.bare.requestsPerSecond.toFixed(0)} | ${(r.app.requestsPerSecond / r.bare.requestsPerSecond).toFixed(3)} | ${r.app.p50} | ${r.app.p99} | ${r.app.errors} | ${r.app.non2xx} | ${r.app.cpuMsPerRequest.toFixed(2)} |`;
    console.log(`\n${TEACHERS} teachers, 50 connections × ${DURATION} s each\n\n| role | page | KB | req/s | bare req/s | ratio | p50 ms | p99 ms | errors | non-2xx | CPU ms/req |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n${rows.map(line).join('\n')}`);
    return rows.map((r) => ({
      metric: `${r.role} ${r.path.replace(/[0-9a-f]{24}/g, ':id')} req/s vs bare page`,
      value: r.app.requestsPerSecond,
      baseline: r.bare.requestsPerSecond,
      ratio: r.app.requestsPerSecond / r.bare.requestsPerSecond,
      unit: '/s',
      notes: `p50 ${r.app.p50} ms, p99 ${r.app.p99} ms; errors ${r.app.errors}, non-2xx ${r.app.non2xx} of ${r.app.total}; ${r.kb.toFixed(1)} KB; ${TEACHERS} teachers`,
    }));
  } finally {
    await site.close();
  }
}
