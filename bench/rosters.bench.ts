// Rosters at national size, on the embedded FerretDB: `seed-demo` of 17,000 teachers (BENCH_TEACHERS),
// then roster pages, the dashboard and a regional admin's roster over HTTP (p50/p99 against
// /healthz), and the CSV and XLSX exports over HTTP against a raw cursor over the same rows piped
// into csv-stringify / exceljs's WorkbookWriter in the same run (rows per second, time to first
// byte, peak RSS of this process, which holds both the server and the bench).
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Connection } from 'mongoose';
import type { BenchResult } from './run.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile } from './lib/server.ts';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/database.ts';
import { startEmbeddedDatabase } from '../server/db/embedded.ts';
import { createUser, signIn } from '../test/helpers/users.ts';
import { importBuiltInCourses } from '../server/courses/built-in.ts';
import { createLogger } from '../server/logger.ts';
import { seedDemo } from '../server/reports/demo/seed-demo.ts';
import { seedDependencies } from '../server/reports/demo/seed-wiring.ts';
import { exportService } from '../server/reports/export.service.ts';
import { exportAudit } from '../server/reports/export-audit.ts';
import { rosterService } from '../server/reports/roster.service.ts';
import type { RosterFilter } from '../server/reports/roster-filter.ts';
import { translator } from '../server/i18n/index.ts';
import { systemClock } from '../server/clock.ts';

export const name = 'rosters';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 17_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
/** BENCH_CERTIFICATES=0 seeds without issuing certificates (their issue dominates the seed's time) */
const CERTIFICATES = process.env.BENCH_CERTIFICATES !== '0';
/**
 * BENCH_EXPORT_ROWS=1000000 exports that many completion rows: the seeded teachers' standings are
 * copied under new ids (`<id>~<n>`) until their rows reach it, since seeding 340,000 teachers would
 * take hours. Copies are written after the page timings, so those still see BENCH_TEACHERS.
 */
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 0);

/** Rows a standings document gives an unfiltered export: one per completion, or one without. */
const rowsOf = (d: { completions: unknown[] }) => Math.max(1, d.completions.length);

/** Copies the stored standings under new ids until the export holds `target` rows; returns the rows. */
async function widen(db: Connection, target: number): Promise<number> {
  const standings = db.collection<{ _id: string; completions: unknown[] }>('standings');
  const originals = (await standings.find({}).toArray()).filter((d) => !d._id.includes('~'));
  let rows = originals.reduce((sum, d) => sum + rowsOf(d), 0);
  let batch: typeof originals = [];
  for (let copy = 1; rows < target; copy++) {
    for (const d of originals) {
      if (rows >= target) break;
      batch.push({ ...d, _id: `${d._id}~${copy}` });
      rows += rowsOf(d);
      if (batch.length === 1000) {
        await standings.insertMany(batch, { ordered: false });
        batch = [];
      }
    }
  }
  if (batch.length) await standings.insertMany(batch, { ordered: false });
  return rows;
}

class Sink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.bytes += chunk.length;
    done();
  }
}

let peakRss = 0;
/** Peak RSS growth over the RSS at the start, in MB (the process holds the server and the bench). */
function watchRss(): () => number {
  global.gc?.();
  const start = process.memoryUsage.rss();
  peakRss = start;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  return () => {
    clearInterval(timer);
    return (peakRss - start) / 1024 / 1024;
  };
}

async function timed(get: () => Promise<Response>, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await get();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

async function download(url: string, cookie: string): Promise<{ rows: number; ms: number; ttfb: number; rss: number }> {
  const stop = watchRss();
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const reader = res.body!.getReader();
  let ttfb = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (!ttfb) ttfb = performance.now() - t;
    if (done) break;
    bytes += value.length;
  }
  const ms = performance.now() - t;
  return { rows: bytes, ms, ttfb, rss: stop() };
}

/**
 * Like lib/server.ts, but with the features' timers stopped at once: otherwise the certificates
 * sweep starts issuing certificates for the ~50,000 seeded completions while we measure.
 */
async function startServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-rosters-'));
  const embedded = process.env.BENCH_MONGODB_URI ? undefined : await startEmbeddedDatabase(dataDir);
  const db = await openDatabase(process.env.BENCH_MONGODB_URI ?? embedded!.uri, `qorgau_bench_rosters_${Date.now().toString(36)}`);
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
  const app = createApp({ config, db, logger: createLogger('silent') });
  app.close();
  app.enable('view cache');
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    config,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await db.dropDatabase().catch(() => undefined);
      await db.close().catch(() => undefined);
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const server = await startServer();
  try {
    const { db } = server;
    const logger = createLogger('silent');
    await importBuiltInCourses(db, logger);
    const seedDeps = await seedDependencies({ db, clock: systemClock, logger, config: server.config });

    // baseline of the seed: the same number of user-sized documents in one insertMany per 1,000
    const tb = performance.now();
    for (let i = 0; i < TEACHERS; i += 1000) await db.collection('bench_plain').insertMany(Array.from({ length: Math.min(1000, TEACHERS - i) }, (_, k) => ({ _id: `p${i + k}` as never, surname: 'Сәрсенбаева', givenName: 'Әйгерім', region: 'almaty', n: i + k })));
    const plainSeconds = (performance.now() - tb) / 1000;
    const ts = performance.now();
    const seeded = await seedDemo(CERTIFICATES ? seedDeps : { ...seedDeps, certificates: undefined }, { teachers: TEACHERS, seed: 7 });
    const seedSeconds = (performance.now() - ts) / 1000;
    process.stdout.write(`  seed took ${seedSeconds.toFixed(1)} s (plain inserts ${plainSeconds.toFixed(1)} s)\n`);
    process.stdout.write(`  seeded ${seeded.added} teachers, ${seeded.completions} completions, ${JSON.stringify(seeded.created)} in ${seedSeconds.toFixed(1)} s ${JSON.stringify(seeded.standings)}\n`);

    const na = await createUser(db, { role: 'admin', regionScope: null });
    const ra = await createUser(db, { role: 'admin', regionScope: 'almaty', region: 'almaty' });
    const cookieOf = async (u: { iin: string; password: string }) => [...(await signIn(server.url, u.iin, u.password)).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const national = await cookieOf(na);
    const regional = await cookieOf(ra);
    const get = (path: string, cookie: string) => () => fetch(server.url + path, { headers: { cookie } });
    await timed(get('/reports/roster', national), 3); // loads the standings index once

    const health = await timed(() => fetch(`${server.url}/healthz`), REQUESTS);
    const pages: [string, string, string][] = [
      ['roster, first page', '/reports/roster', national],
      ['roster, filtered page', '/reports/roster?region=turkistan&standing=in-progress&course=bullying-prevention&sort=date&dir=desc&page=2', national],
      ['roster, regional admin', '/reports/roster?sort=school', regional],
      ['dashboard, national', '/reports/dashboard', national],
      ['dashboard, regional admin', '/reports/dashboard', regional],
    ];
    const results: BenchResult[] = [{ metric: `seed-demo --teachers ${TEACHERS}${CERTIFICATES ? '' : ' (no certificates)'}`, value: seedSeconds, baseline: plainSeconds, ratio: seedSeconds / plainSeconds, unit: 's', notes: `baseline: insertMany of ${TEACHERS} plain documents; created ${JSON.stringify(seeded.created)}, standings ${JSON.stringify(seeded.standings)}` }];
    const h50 = percentile(health, 50);
    const h99 = percentile(health, 99);
    for (const [label, path, cookie] of pages) {
      const times = await timed(get(path, cookie), REQUESTS);
      results.push({ metric: `${label} p50`, value: percentile(times, 50), baseline: h50, ratio: percentile(times, 50) / h50, unit: 'ms', notes: `${REQUESTS} requests, ${TEACHERS} teachers` });
      results.push({ metric: `${label} p99`, value: percentile(times, 99), baseline: h99, ratio: percentile(times, 99) / h99, unit: 'ms', notes: 'goal < 500 ms' });
    }

    // exports: the app over HTTP against a raw cursor over the same completion rows, in-process
    let rows = seeded.completions + (seeded.standings['not-started'] ?? 0);
    if (EXPORT_ROWS > rows) {
      const tw = performance.now();
      rows = await widen(db, EXPORT_ROWS);
      process.stdout.write(`  standings copied up to ${rows} export rows in ${((performance.now() - tw) / 1000).toFixed(1)} s\n`);
    }
    const rawCsv = async () => {
      const stop = watchRss();
      const t = performance.now();
      const cursor = db.collection('standings').find({});
      async function* flat() {
        for await (const d of cursor) {
          if (!d.completions.length) yield [d.iin, d.name, d.region, d.district, d.school, d.position, d.standing, '', '', '', '', '', '', ''];
          for (const c of d.completions) yield [d.iin, d.name, d.region, d.district, d.school, d.position, d.standing, c.courseId, c.title.kk, c.version, c.completedAt.toISOString().slice(0, 10), c.academicHours, c.score, c.certificate ?? ''];
        }
      }
      await pipeline(flat(), stringify({ bom: true }), new Sink());
      return { ms: performance.now() - t, rss: stop() };
    };
    const rawXlsx = async () => {
      const stop = watchRss();
      const t = performance.now();
      const sink = new Sink();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink as never, useStyles: true, useSharedStrings: false });
      const ws = wb.addWorksheet('roster');
      for await (const d of db.collection('standings').find({})) {
        if (!d.completions.length) ws.addRow([d.iin, d.name, d.region, d.district, d.school, d.position, d.standing]).commit();
        for (const c of d.completions) ws.addRow([d.iin, d.name, d.region, d.district, d.school, d.position, d.standing, c.courseId, c.title.kk, c.version, c.completedAt, c.academicHours, c.score, c.certificate ?? '']).commit();
      }
      ws.commit();
      await wb.commit();
      return { ms: performance.now() - t, rss: stop() };
    };
    // the roster the route exports from: its selections come from the standings index (loaded here
    // before the RSS is watched, as a server holds it from its first roster page on)
    const standings = seedDeps.standards.standings;
    const roster = rosterService({ snapshot: () => standings.snapshot(), courseIds: async () => [] });
    await roster.generation();
    const exporter = exportService({ roster, audit: exportAudit(db), clock: systemClock });
    const everyone: RosterFilter = { region: null, district: null, school: null, position: null, course: null, standing: null, from: null, to: null, search: null };
    // First, before anything has grown the heap: the export service the route runs, into a sink with
    // no HTTP, so the growth is the export's own (RSS rarely falls back, so a later run would start high)
    for (const format of ['csv', 'xlsx'] as const) {
      const stop = watchRss();
      const t = performance.now();
      const sunk = await exporter.export({ id: 'bench', name: 'bench', scope: null }, everyone, format, new Sink(), { lang: 'kk', t: translator('kk'), via: 'cli' });
      const own = stop();
      results.push({ metric: `${format.toUpperCase()} export without HTTP, peak RSS growth`, value: own, baseline: 0, ratio: 0, unit: 'MB', notes: `${sunk} rows in ${((performance.now() - t) / 1000).toFixed(1)} s: the export service into a sink, measured first; goal < 200 MB` });
    }
    for (const [format, raw] of [['csv', rawCsv], ['xlsx', rawXlsx]] as const) {
      const base = await raw();
      const app = await download(`${server.url}/reports/roster.${format}`, national);
      const appRate = rows / (app.ms / 1000);
      const baseRate = rows / (base.ms / 1000);
      results.push({ metric: `${format.toUpperCase()} export, rows/s`, value: appRate, baseline: baseRate, ratio: appRate / baseRate, unit: 'rows/s', notes: `${rows} rows over HTTP vs raw cursor → ${format === 'csv' ? 'csv-stringify' : 'exceljs WorkbookWriter'} in-process; goal ≥ 0.7` });
      results.push({ metric: `${format.toUpperCase()} export, time to first byte`, value: app.ttfb, baseline: h50, ratio: app.ttfb / h50, unit: 'ms', notes: 'goal < 1 s' });
      results.push({ metric: `${format.toUpperCase()} export, peak RSS growth`, value: app.rss, baseline: base.rss, ratio: base.rss > 0 ? app.rss / base.rss : 0, unit: 'MB', notes: `over ${(process.memoryUsage.rss() / 1048576).toFixed(0)} MB held by the process (server, 17,000-row standings index, bench); goal < 200 MB` });
    }
    // every request a different filter, so no view is served from the dashboard's cache
    let day = 0;
    const uncached = await timed(() => fetch(`${server.url}/reports/dashboard?from=2024-01-01&to=${new Date(Date.UTC(2026, 0, 1 + day++)).toISOString().slice(0, 10)}`, { headers: { cookie: national } }), REQUESTS);
    results.push({ metric: 'dashboard, national, uncached p50', value: percentile(uncached, 50), baseline: h50, ratio: percentile(uncached, 50) / h50, unit: 'ms', notes: 'a new date filter on every request' });
    results.push({ metric: 'dashboard, national, uncached p99', value: percentile(uncached, 99), baseline: h99, ratio: percentile(uncached, 99) / h99, unit: 'ms', notes: 'goal < 500 ms' });
    return results;
  } finally {
    await server.close();
  }
}
