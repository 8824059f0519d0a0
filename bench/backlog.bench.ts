// Pages while the certificates sweep works through a backlog. A site whose completions have no
// certificates yet (restored from a backup taken before they were issued, a crash in a busy hour,
// completions migrated in) is seeded with BENCH_TEACHERS teachers (2,000 by default) and no
// certificates; the app's first sweep, two seconds after it starts, then issues and mails one
// certificate per completion. Once the app's own start-up reads are done (BACKLOG_WAIT s after it
// starts, 15 by default), staff and teacher pages are loaded at 50 connections while the sweep works
// (BACKLOG_DURATION s each, 4 by default), then again once every certificate is issued and the app
// is quiet: the baseline is the same page in the same run with no backlog. It also reports how long
// the backlog took to clear.
import { existsSync, readdirSync } from 'node:fs';
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

export const name = 'backlog';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 2000);
const DURATION = Number(process.env.BACKLOG_DURATION ?? 4);
const WAIT_S = Number(process.env.BACKLOG_WAIT ?? 15);
/** BACKLOG_ONLY=<path>,<path> loads only those pages; BENCH_CPU_PROF=<dir> writes the app's CPU profile there */
const ONLY = process.env.BACKLOG_ONLY?.split(',');
/** BACKLOG_CONTROL=1 seeds the certificates too: the same run with no backlog, cold caches alike */
const CONTROL = process.env.BACKLOG_CONTROL === '1';
const proxy = { 'x-forwarded-proto': 'https' };

export async function run(): Promise<BenchResult[]> {
  const site = await benchSite('backlog');
  const { db, dataDir, env, logFile } = site;
  const logger = createLogger('silent');
  try {
    await importBuiltInCourses(db, logger);
    const seedDeps = await seedDependencies({ db, clock: { now: () => new Date() }, logger, config: loadConfig({}, env) });
    const seeded = await seedDemo(CONTROL ? seedDeps : { ...seedDeps, certificates: undefined }, { teachers: TEACHERS, seed: 7 });
    process.stdout.write(`  seeded ${seeded.added} teachers, ${seeded.completions} completions, ${CONTROL ? 'with' : 'no'} certificates\n`);
    // the accounts exist before the app starts: its sweep begins two seconds after
    const users = [await createUser(db, { role: 'admin', regionScope: null }), await createUser(db, { role: 'teacher' })];
    const certificates = () => db.collection('certificates').estimatedDocumentCount();
    const outbox = path.join(dataDir, 'outbox');
    const mails = () => (existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')).length : 0);
    const started = performance.now();
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
    const app = await startChild('server/main.ts', env, '/healthz', logFile, profile);
    site.children.push(app);
    const cookieOf = async (u: { iin: string; password: string }) => [...(await signIn(app.url, u.iin, u.password)).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const [admin, teacher] = [await cookieOf(users[0]!), await cookieOf(users[1]!)];
    const pages = (
      [
        ['/reports/dashboard', admin],
        ['/reports/roster', admin],
        ['/admin/users', admin],
        ['/transcript', teacher],
        ['/learn', teacher],
      ] as [string, string][]
    ).filter(([p]) => !ONLY || ONLY.includes(p));
    await new Promise((resolve) => setTimeout(resolve, WAIT_S * 1000));
    process.stdout.write(`  ${await certificates()} certificates issued ${WAIT_S} s after start\n`);
    const during = new Map<string, LoadFigures>();
    for (const [pagePath, cookie] of pages) {
      const figures = await load({ url: app.url, request: { path: pagePath, headers: { ...proxy, cookie } }, duration: DURATION, warmup: 1, cpuSeconds: app.cpuSeconds });
      during.set(pagePath, figures);
      process.stdout.write(`  during the backlog ${pagePath}: ${figures.requestsPerSecond.toFixed(0)} req/s, p99 ${figures.p99} ms, ${await certificates()} certificates issued\n`);
    }
    const issuedWhileLoaded = await certificates();
    // the sweep uses little of the app's core: wait for the certificates themselves (30 min at most)
    for (let i = 0; i < 1800 && (await certificates()) < seeded.completions; i += 1) await new Promise((resolve) => setTimeout(resolve, 1000));
    await settled(app, 600);
    const clearedS = (performance.now() - started) / 1000;
    const issued = await certificates();
    process.stdout.write(`  backlog cleared: ${issued} certificates, ${mails()} mails, ${clearedS.toFixed(0)} s after start\n`);
    const results: BenchResult[] = [];
    for (const [pagePath, cookie] of pages) {
      const after = await load({ url: app.url, request: { path: pagePath, headers: { ...proxy, cookie } }, duration: DURATION, warmup: 1, cpuSeconds: app.cpuSeconds });
      const before = during.get(pagePath)!;
      process.stdout.write(`  quiet ${pagePath}: ${after.requestsPerSecond.toFixed(0)} req/s, p99 ${after.p99} ms\n`);
      results.push({
        metric: `${pagePath} during a certificates backlog, req/s vs the quiet app`,
        value: before.requestsPerSecond,
        baseline: after.requestsPerSecond,
        ratio: before.requestsPerSecond / after.requestsPerSecond,
        unit: '/s',
        notes: `during: p50 ${before.p50} ms, p99 ${before.p99} ms, errors ${before.errors}, non-2xx ${before.non2xx}; quiet: p99 ${after.p99} ms`,
      });
    }
    results.push({ metric: 'certificates backlog cleared', value: clearedS, baseline: issued, ratio: issuedWhileLoaded / Math.max(1, issued), unit: 's', notes: `${issued} certificates from ${seeded.completions} completions; ratio: the share issued while pages were loaded` });
    return results;
  } finally {
    await site.close();
  }
}
