// Page throughput against the framework itself. The app runs as production starts it
// (server/main.ts, NODE_ENV=production, view cache, every middleware, logs at LOG_LEVEL info to a
// file) on the embedded database, in a child process; a bare Express 5 + express-handlebars server
// rendering a page of the same bytes as the lesson page runs in another, and autocannon loads both
// from this process: BENCH_CONNECTIONS (50) connections for BENCH_DURATION (10) s each, after a
// BENCH_WARMUP (2) s warm-up. Each connection is a different signed-in teacher, enrolled in a
// built-in course (the lesson page, in Kazakh) and in a quiz course with an open attempt.
// Answer saves (the quiz script's JSON posts, each naming its current seq) are compared with a bare
// handler that inserts one document into the same database. Each page's baseline is loaded for
// half the time just before the page and half just after, so that the machine's drift cancels.
// The pages the goals do not name (attempt page, transcript, certificates, the sign-up form, the
// stylesheet, a lesson image, a certificate's PDF and its public verification page) are measured
// the same way: each teacher holds one certificate of the built-in course, issued as the app
// issues it.
// After the lesson page, the bare server itself is loaded with one read by _id before each render
// (`/page-read`, the round trip of a signed-in page's stamp): the framework with the work the
// design requires, so the lesson page's distance from the bare page splits into that read and ours.
// Then the lesson page as a browser asks for it (Accept-Encoding: gzip, deflate, br, zstd), against
// the bare page through the compression package (`/page-compressed`), as Express apps compress.
// BENCH_APP_IMPORT=<file> preloads a module into the app (to time or count what it does), and
// BENCH_APP_ARGS="--flag …" gives the app's node more arguments (V8 flags, to try them). The whole
// set is measured in one process, then with WEB_CONCURRENCY=BENCH_WORKERS (2) against a bare server
// with as many workers (BENCH_WORKERS=1 skips that). BENCH_CPU_PROF=<dir> writes the app's CPU profiles there (summarise them
// with bench/lib/cpu-profile.ts); BENCH_ONLY=lesson,save measures only the pages so named.
// Besides req/s, each row gives the CPU milliseconds the loaded processes (and the embedded database)
// used per response, from /proc: on a machine shared with other work that ratio holds when req/s do not.
// Requests carry X-Forwarded-Proto: https, as from the reverse proxy production runs behind, and no
// Accept-Encoding (but the compressed lesson page) unless BENCH_ACCEPT_ENCODING is set.
// BENCH_HOLD=<file> sets everything up, writes there as JSON the app's and the bare server's
// addresses, the pages' paths, each teacher's cookie and answer save, then holds both servers up until it is
// interrupted (Ctrl-C), measuring nothing: for another load generator (wrk, hey, k6) to take the
// same figures (docs/performance.md, "With another load generator").
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchResult } from './run.ts';
import { CONNECTIONS, DURATION_S, load, type LoadFigures, type LoadOptions, type LoadRequest } from './lib/load.ts';
import { cpuSecondsOf, startChild, type ChildServer } from './lib/processes.ts';
import { compare, median, summary } from './lib/compare.ts';
import { openDatabase } from '../server/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../server/db/embedded.ts';
import { hashPassword } from '../server/accounts/password.ts';
import { userRepository } from '../server/accounts/user.repository.ts';
import { courseServices } from '../server/courses/courses.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { directoryService } from '../server/accounts/directory.service.ts';
import { certificatesFeature } from '../server/certificates/certificates.ts';
import { publishLearningCourse, storedAttempt } from '../test/helpers/learning.ts';

export const name = 'pages';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const PASSWORD = 'Бенч-құпиясөз-2026';
const SECRET = 'bench-pages-secret-bench-pages-secret-0000';
const QUIZ_COURSE = 'bench-quiz';
const proxy: Record<string, string> = {
  'x-forwarded-proto': 'https',
  ...(process.env.BENCH_ACCEPT_ENCODING ? { 'accept-encoding': process.env.BENCH_ACCEPT_ENCODING } : {}),
};

interface Teacher {
  cookie: string;
  /** the verification code of the teacher's certificate */
  code: string;
  csrf: string;
  attemptId: string;
  /** the question page answered, its question id and a valid answer */
  n: number;
  q: string;
  answer: string;
  seq: number;
}

class Client {
  cookies = new Map<string, string>();
  constructor(private readonly url: string) {}
  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async request(method: string, path: string, form?: Record<string, string>): Promise<{ status: number; text: string; location: string | null }> {
    const res = await fetch(this.url + path, {
      method,
      redirect: 'manual',
      headers: { ...proxy, cookie: this.cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : null,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function pool<T>(items: readonly T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

/** Signs a teacher in, enrols them in both courses and opens a quiz attempt, through the app's own pages. */
async function prepare(url: string, email: string, lessonCourse: string, db: Parameters<typeof storedAttempt>[0]): Promise<Teacher> {
  const c = new Client(url);
  const login = await c.request('GET', '/login');
  const signedIn = await c.request('POST', '/login', { _csrf: csrfOf(login.text), login: email, password: PASSWORD });
  if (signedIn.status !== 303) throw new Error(`sign-in of ${email}: ${signedIn.status}`);
  for (const courseId of new Set([lessonCourse, QUIZ_COURSE])) {
    const course = await c.request('GET', `/learn/courses/${courseId}`);
    const enrolled = await c.request('POST', `/learn/courses/${courseId}/enrol`, { _csrf: csrfOf(course.text) });
    if (enrolled.status !== 303) throw new Error(`enrolment: ${enrolled.status}`);
  }
  const module = `/learn/courses/${QUIZ_COURSE}/modules/01-basics`;
  for (const lesson of ['01-welcome', '02-algorithm']) await c.request('GET', `${module}/lessons/${lesson}`);
  const quiz = await c.request('GET', `${module}/quiz`);
  const started = await c.request('POST', `${module}/quiz/attempts`, { _csrf: csrfOf(quiz.text) });
  const attemptId = /attempts\/([0-9a-f]{24})\//.exec(started.location ?? '')?.[1];
  if (!attemptId) throw new Error(`quiz start: ${started.status}`);
  const attempt = await storedAttempt(db, attemptId);
  const index = attempt.questions.findIndex((q) => q.type === 'single' || q.type === 'truefalse');
  const question = attempt.questions[index]!;
  const page = await c.request('GET', `/learn/attempts/${attemptId}/questions/${index + 1}`);
  if (page.status !== 200) throw new Error(`question page: ${page.status}`);
  return { cookie: c.cookie, code: '', csrf: csrfOf(page.text), attemptId, n: index + 1, q: question.id, answer: question.choices[0]!.token, seq: attempt.seq };
}

// BENCH_ONLY=lesson,dashboard measures only the pages whose names contain one of these (for profiling)
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const wanted = (label: string) => only.length === 0 || only.some((o) => label.includes(o));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function resync(teachers: Teacher[], db: Parameters<typeof storedAttempt>[0]): Promise<void> {
  for (const t of teachers) t.seq = (await storedAttempt(db, t.attemptId)).seq;
}

/** Waits until every worker has logged that it listens (the first one answers /healthz alone). */
async function allListening(logFile: string, since: number, workers: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if ((readFileSync(logFile, 'utf8').slice(since).match(/worker listening/g) ?? []).length >= workers) return;
    await pause(100);
  }
  throw new Error(`${workers} workers did not all start within 300 s`);
}

interface Row {
  page: string;
  figures: LoadFigures;
  baseline: LoadFigures;
}

interface Paths {
  lesson: string;
  course: string;
  stylesheet: string;
  /** the quiz course's lesson image (the built-in courses have none) */
  image: string;
}

/** Each signed-in page the bench loads, by its label: the path a teacher asks for. */
function signedInPages(paths: Paths): Record<string, (t: Teacher) => string> {
  return {
    profile: () => '/profile',
    dashboard: () => '/learn',
    catalogue: () => '/learn/catalogue',
    'course page': () => paths.course,
    'lesson page': () => paths.lesson,
    'quiz question page': (t) => `/learn/attempts/${t.attemptId}/questions/${t.n}`,
    'attempt page': (t) => `/learn/attempts/${t.attemptId}`,
    transcript: () => '/transcript',
    certificates: () => '/certificates',
    'lesson image': () => paths.image,
    'certificate PDF': (t) => `/certificates/${t.code}/certificate.pdf`,
  };
}

/** A signed-in page's request for each connection: its teacher's path and session cookie, through the proxy. */
const signedInRequest = (teachers: Teacher[], path: (t: Teacher) => string) => (slot: number): LoadRequest => ({ path: path(teachers[slot]!), headers: { ...proxy, cookie: teachers[slot]!.cookie } });

async function measure(app: ChildServer, bare: ChildServer, teachers: Teacher[], paths: Paths, db: Parameters<typeof storedAttempt>[0], dbCpu: () => number): Promise<Row[]> {
  // the database's CPU counts for both: the app's reads and the bare inserts run there
  const appCpu = () => app.cpuSeconds() + dbCpu();
  const bareCpu = () => bare.cpuSeconds() + dbCpu();
  const pages = signedInPages(paths);
  const slots = teachers.length;
  // The bare page is loaded for half the time just before each page and half just after, and the
  // two halves merged: this machine's speed drifts by half within minutes, and a baseline taken
  // around each page cancels what drifts evenly.
  const half = Math.max(1, Math.round(DURATION_S / 2));
  const around = async (baseline: LoadOptions, measured: () => Promise<LoadFigures>): Promise<{ figures: LoadFigures; baseline: LoadFigures }> => {
    const before = await load({ ...baseline, duration: half });
    const figures = await measured();
    const after = await load({ ...baseline, duration: half });
    return { figures, baseline: merged(before, after) };
  };
  const barePage: LoadOptions = { url: bare.url, request: { path: '/page' }, cpuSeconds: bareCpu, dbCpuSeconds: dbCpu };
  const rows: Row[] = [];
  // Requests autocannon gave up on (10 s) are still being served: wait until the app is idle, so
  // the backlog of one page is not measured against the next.
  const settle = async () => {
    for (let i = 0; i < 240; i++) {
      const used = appCpu();
      await pause(500);
      if (appCpu() - used < 0.05) return;
    }
  };
  const page = async (label: string, request: LoadRequest | ((slot: number) => LoadRequest), on: 'app' | 'bare' = 'app', baseline = barePage) => {
    if (!wanted(label)) return;
    await settle();
    const server = on === 'app' ? { url: app.url, cpuSeconds: appCpu } : { url: bare.url, cpuSeconds: bareCpu };
    rows.push({ page: label, ...(await around(baseline, () => load({ ...server, request, slots, dbCpuSeconds: dbCpu }))) });
    process.stdout.write(`  ${label}: ${rows.at(-1)!.figures.requestsPerSecond.toFixed(0)} req/s\n`);
  };
  const signedInPage = (label: string) => page(label, signedInRequest(teachers, pages[label]!));
  await page('anonymous home page', { path: '/', headers: proxy });
  await page('sign-in form', { path: '/login', headers: proxy });
  await signedInPage('profile');
  await signedInPage('dashboard');
  await signedInPage('catalogue');
  await signedInPage('course page');
  await signedInPage('lesson page');
  // as a browser asks for it, compressed, against the bare page through the compression package
  const browserAsks = { 'accept-encoding': 'gzip, deflate, br, zstd' };
  const lessonRequest = signedInRequest(teachers, pages['lesson page']!);
  const compressedLesson = (slot: number): LoadRequest => {
    const request = lessonRequest(slot);
    return { ...request, headers: { ...request.headers, ...browserAsks } };
  };
  await page('lesson page, compressed', compressedLesson, 'app', { ...barePage, request: { path: '/page-compressed', headers: browserAsks } });
  // the framework itself with the one read by _id a signed-in page makes (its user's stamp): how
  // much of the lesson page's distance from the bare page is that round trip, and how much is ours
  await page('bare page reading one document by _id', (slot) => ({ path: `/page-read?id=${slot}` }), 'bare');
  await signedInPage('quiz question page');
  // pages the goals do not name, measured the same way
  await signedInPage('attempt page');
  await signedInPage('transcript');
  await signedInPage('certificates');
  await page('sign-up form', { path: '/register', headers: proxy });
  await page('stylesheet', { path: paths.stylesheet, headers: proxy });
  await signedInPage('lesson image');
  await signedInPage('certificate PDF');
  // a visitor checking a certificate: anonymous, each connection its own code
  await page('verification page', (slot) => ({ path: `/verify/${teachers[slot]!.code}`, headers: proxy }));

  if (!wanted('answer save')) return rows;
  const body = (t: Teacher) => JSON.stringify({ seq: t.seq, q: t.q, [`a_${t.q}`]: t.answer });
  await settle();
  const bareSaves: LoadOptions = {
    url: bare.url,
    cpuSeconds: bareCpu, dbCpuSeconds: dbCpu,
    request: (slot) => ({ method: 'POST', path: '/save', headers: { 'content-type': 'application/json' }, body: body(teachers[slot]!) }),
    slots,
  };
  const { figures: saves, baseline: bareSaved } = await around(bareSaves, () => load({
    url: app.url,
    cpuSeconds: appCpu, dbCpuSeconds: dbCpu,
    slots,
    request: (slot) => {
      const t = teachers[slot]!;
      return { method: 'POST', path: `/learn/attempts/${t.attemptId}/answers`, headers: { ...proxy, cookie: t.cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': t.csrf }, body: body(t) };
    },
    // a run cut off at its end leaves saves in flight: start from the seqs as stored
    before: () => pause(500).then(() => resync(teachers, db)),
    onResponse(slot, status, text) {
      const t = teachers[slot]!;
      if (status === 200) t.seq = (JSON.parse(text) as { seq: number }).seq;
      // refused: take the seq as stored, so the next save of this teacher is a real one
      else return resync([t], db);
    },
  }));
  rows.push({ page: 'answer save', figures: saves, baseline: bareSaved });
  process.stdout.write(`  answer save: ${saves.requestsPerSecond.toFixed(0)} /s\n`);
  return rows;
}

/**
 * BENCH_COMPARE=<checkout>: this tree's app against the app of another checkout (another commit,
 * its own node_modules), started on the same database with the same secret, so the same teachers
 * are signed in on both; BENCH_COMPARE_PAGE (lesson page, or another signed-in page) is loaded on each in alternating turns
 * (bench/lib/compare.ts). The other commit must read this one's sessions: any commit, as the
 * stored sessions keep express-session's layout.
 */
async function compareWith(other: string, app: ChildServer, startOther: (from: string) => Promise<ChildServer>, teachers: Teacher[], paths: Paths): Promise<BenchResult[]> {
  const pages = signedInPages(paths);
  const page = process.env.BENCH_COMPARE_PAGE ?? 'lesson page';
  const pathOf = pages[page];
  if (!pathOf) throw new Error(`BENCH_COMPARE_PAGE: one of ${Object.keys(pages).join(', ')}`);
  const there = await startOther(other);
  const result = await compare(app, there, signedInRequest(teachers, pathOf), teachers.length, Number(process.env.BENCH_COMPARE_ROUNDS ?? 20), Number(process.env.BENCH_COMPARE_SECONDS ?? 1.5));
  console.log(summary(page, other, result));
  const [here, baseline] = [median(result.here.rps), median(result.there.rps)];
  return [{ metric: `${page} req/s, this tree against ${path.basename(other)}`, value: here, baseline, ratio: here / baseline, unit: '/s', notes: `medians of ${result.here.rps.length} alternating turns; CPU per response ×${(median(result.here.cpuMs) / median(result.there.cpuMs)).toFixed(3)}` }];
}

/** Two loads of the same thing as one: rates and latencies averaged, counts added, CPU per response over both. */
function merged(a: LoadFigures, b: LoadFigures): LoadFigures {
  const total = a.total + b.total;
  const perRequest = (x: number, y: number) => (x * a.total + y * b.total) / total;
  return {
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    p50: Math.round((a.p50 + b.p50) / 2),
    p99: Math.round((a.p99 + b.p99) / 2),
    errors: a.errors + b.errors,
    non2xx: a.non2xx + b.non2xx,
    total,
    cpuMsPerRequest: perRequest(a.cpuMsPerRequest, b.cpuMsPerRequest),
    dbCpuMsPerRequest: perRequest(a.dbCpuMsPerRequest, b.dbCpuMsPerRequest),
  };
}

function table(title: string, rows: Row[]): string {
  const lines = [`\n${title}\n`, '| page | req/s | bare req/s | ratio | p50 ms | p99 ms | bare p99 ms | errors | non-2xx | CPU ms/req | of it, database | bare CPU ms/req | CPU ratio |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const { page, figures: f, baseline: b } of rows) {
    lines.push(`| ${page} | ${f.requestsPerSecond.toFixed(0)} | ${b.requestsPerSecond.toFixed(0)} | ${(f.requestsPerSecond / b.requestsPerSecond).toFixed(3)} | ${f.p50} | ${f.p99} | ${b.p99} | ${f.errors} | ${f.non2xx} | ${f.cpuMsPerRequest.toFixed(2)} | ${f.dbCpuMsPerRequest.toFixed(2)} | ${b.cpuMsPerRequest.toFixed(2)} | ${(b.cpuMsPerRequest / f.cpuMsPerRequest).toFixed(3)} |`);
  }
  return lines.join('\n');
}

function results(label: string, rows: Row[]): BenchResult[] {
  return rows.map(({ page, figures: f, baseline: b }) => ({
    metric: `${page} ${page === 'answer save' ? 'saves/s vs bare insert' : 'req/s vs bare page'} (${label})`,
    value: f.requestsPerSecond,
    baseline: b.requestsPerSecond,
    ratio: f.requestsPerSecond / b.requestsPerSecond,
    unit: '/s',
    notes: `p50 ${f.p50} ms, p99 ${f.p99} ms (bare ${b.p50}/${b.p99}); errors ${f.errors}, non-2xx ${f.non2xx} of ${f.total}; CPU ${f.cpuMsPerRequest.toFixed(2)} ms/req, database ${f.dbCpuMsPerRequest.toFixed(2)} (bare ${b.cpuMsPerRequest.toFixed(2)})`,
  }));
}

/** BENCH_HOLD: what another load generator needs, written to `file`; resolves once interrupted. */
async function hold(file: string, app: ChildServer, bare: ChildServer, teachers: Teacher[], paths: Paths): Promise<BenchResult[]> {
  const pathsOf = Object.fromEntries(Object.entries(signedInPages(paths)).map(([label, of]) => [label, teachers.map(of)]));
  // each teacher's answer save as the quiz script posts it (a seq taken is answered as saved when the answer is the same)
  const saves = teachers.map((t) => ({ method: 'POST', path: `/learn/attempts/${t.attemptId}/answers`, headers: { ...proxy, cookie: t.cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': t.csrf }, body: JSON.stringify({ seq: t.seq, q: t.q, [`a_${t.q}`]: t.answer }) }));
  writeFileSync(file, JSON.stringify({ app: app.url, bare: bare.url, barePage: '/page', bareSave: '/save', headers: proxy, cookies: teachers.map((t) => t.cookie), paths: pathsOf, static: paths, saves }, null, 2));
  process.stdout.write(`  holding the app at ${app.url} and the bare server at ${bare.url}; set-up in ${file}; Ctrl-C ends\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return [];
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-pages-'));
  let embedded: EmbeddedDatabase | undefined;
  let base = process.env.BENCH_MONGODB_URI;
  if (!base) {
    embedded = await startEmbeddedDatabase(dataDir);
    base = embedded.uri;
  }
  const uri = new URL(base);
  uri.pathname = `/qorgau_bench_pages_${Date.now().toString(36)}`;
  const db = await openDatabase(uri.toString());
  const dbCpu = () => (embedded?.pid ? cpuSecondsOf(embedded.pid) : 0);
  const started: ChildServer[] = [];
  const logFile = path.join(dataDir, 'app.log');
  const appEnv = (workers: number): Record<string, string> => ({
    NODE_ENV: 'production',
    SESSION_SECRET: SECRET,
    MONGODB_URI: uri.toString(),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    WEB_CONCURRENCY: String(workers),
  });
  const profile = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : []),
    ...(process.env.BENCH_APP_IMPORT ? ['--import', path.resolve(process.env.BENCH_APP_IMPORT)] : []),
    ...(process.env.BENCH_APP_ARGS ? process.env.BENCH_APP_ARGS.split(' ') : []),
  ];
  const start = async (entry: string, env: Record<string, string>, probe: string, args: string[] = [], from?: string) => {
    const child = await startChild(entry, env, probe, logFile, args, from);
    started.push(child);
    return child;
  };
  const stop = async (child: ChildServer) => {
    await child.stop();
    started.splice(started.indexOf(child), 1);
  };
  try {
    // no minimum reading time, so teachers reach the quiz at once; time enough for the whole run
    await publishLearningCourse(db, QUIZ_COURSE, '1.0.0', (file, text) => (file === 'course.yaml' ? text.replace(/\n\s+minSeconds: \d+/g, '') : text.replace('timeLimitMinutes: 10', 'timeLimitMinutes: 300')));
    const users = userRepository(db);
    const passwordHash = await hashPassword(PASSWORD);
    // a few more teachers than connections, so a save refused while its seq is re-read never holds a connection up
    const emails = Array.from({ length: CONNECTIONS + Math.ceil(CONNECTIONS / 10) + 2 }, (_, i) => `pages${i}@example.kz`);
    const userIds: string[] = [];
    for (const [i, email] of emails.entries()) {
      const created = await users.create({ iin: `8501013${String(10000 + i).slice(1)}0`.slice(0, 12), email, surname: 'Бенч', givenName: 'Мұғалім', patronymic: '', region: 'astana', district: '', school: '', position: '', role: 'teacher', regionScope: null, lang: 'kk', passwordHash });
      userIds.push(String(created._id));
    }

    let app = await start('server/main.ts', appEnv(1), '/healthz', profile);
    // the built-in courses are imported by the app as it starts
    // (the quiz course's own lessons stand in while no built-in package passes validation)
    const published = await courseServices(db).catalog.published();
    const builtIn = published.find((v) => v.courseId !== QUIZ_COURSE) ?? published.find((v) => v.courseId === QUIZ_COURSE)!;
    if (builtIn.courseId === QUIZ_COURSE) process.stdout.write('  no built-in course was imported: the lesson page is the quiz course\'s\n');
    const coursePath = `/learn/courses/${builtIn.courseId}`;
    const lessonPath = `${coursePath}/modules/${builtIn.modules[0]!.id}/lessons/${builtIn.modules[0]!.lessons.at(-1)!.id}`;
    const teachers: Teacher[] = [];
    await pool(emails, 4, async (email, i) => {
      teachers[i] = await prepare(app.url, email, builtIn.courseId, db);
    });
    // one certificate per teacher, issued as the app issues it (the app's signing key is in DATA_DIR)
    const certificates = certificatesFeature({
      db,
      clock: { now: () => new Date() },
      logger: createLogger('silent'),
      mailer: { send: async () => undefined },
      config: loadConfig(appEnv(1)),
      directory: directoryService(db),
      records: { completion: async () => null, completionsSince: async function* () {} },
      courseIds: async () => [],
    });
    await pool(teachers, 4, async (t, i) => {
      const cert = await certificates.services.issuer.issue({ userId: userIds[i]!, courseId: builtIn.courseId, versionId: builtIn.versionId, version: builtIn.version, title: { ...builtIn.title }, academicHours: builtIn.academicHours, standards: builtIn.standards, score: 90, completedAt: new Date() });
      t.code = cert.code;
    });
    const home = await fetch(app.url + '/', { headers: proxy }).then((r) => r.text());
    const stylesheet = /href="([^"]*\/static\/[^"]+\.css[^"]*)"/.exec(home)?.[1];
    if (!stylesheet) throw new Error('no stylesheet link on the home page');
    const withImage = await fetch(`${app.url}/learn/courses/${QUIZ_COURSE}/modules/01-basics/lessons/02-algorithm`, { headers: { ...proxy, cookie: teachers[0]!.cookie } }).then((r) => r.text());
    const image = /<img[^>]+src="([^"]*\/media\/[0-9a-f]{24})"/.exec(withImage)?.[1];
    if (!image) throw new Error('no image on the quiz course\'s second lesson');
    const paths: Paths = { lesson: lessonPath, course: coursePath, stylesheet, image };
    const lesson = await fetch(app.url + lessonPath, { headers: { ...proxy, cookie: teachers[0]!.cookie } }).then((r) => r.text());
    const pageFile = path.join(dataDir, 'lesson.html');
    writeFileSync(pageFile, lesson);
    const bareEnv = (workers: number) => ({ BARE_PAGE: pageFile, MONGODB_URI: uri.toString(), BARE_WORKERS: String(workers), NODE_ENV: 'production' });
    let bare = await start('bench/lib/bare-server.ts', bareEnv(1), '/page');
    const bareBytes = Buffer.byteLength(await fetch(bare.url + '/page').then((r) => r.text()));
    if (bareBytes !== Buffer.byteLength(lesson)) throw new Error(`bare page ${bareBytes} bytes, lesson page ${Buffer.byteLength(lesson)}`);
    const notes = `${CONNECTIONS} connections × ${DURATION_S} s; lesson page ${(bareBytes / 1024).toFixed(1)} KB (${lessonPath})`;
    process.stdout.write(`  ${notes}\n  one process:\n`);

    if (process.env.BENCH_HOLD) return await hold(path.resolve(process.env.BENCH_HOLD), app, bare, teachers, paths);
    if (process.env.BENCH_COMPARE) return await compareWith(path.resolve(process.env.BENCH_COMPARE), app, (from) => start('server/main.ts', appEnv(1), '/healthz', [], from), teachers, paths);

    const single = await measure(app, bare, teachers, paths, db, dbCpu);
    const out = [table(`one process (${notes})`, single)];
    const rows = results('1 process', single);
    if (WORKERS > 1) {
      await stop(app);
      await stop(bare);
      const logged = readFileSync(logFile, 'utf8').length;
      app = await start('server/main.ts', appEnv(WORKERS), '/healthz', profile);
      await allListening(logFile, logged, WORKERS);
      bare = await start('bench/lib/bare-server.ts', bareEnv(WORKERS), '/page');
      process.stdout.write(`  ${WORKERS} workers:\n`);
      const multi = await measure(app, bare, teachers, paths, db, dbCpu);
      out.push(table(`WEB_CONCURRENCY=${WORKERS} against a bare server with ${WORKERS} workers`, multi));
      rows.push(...results(`${WORKERS} workers`, multi));
    }
    console.log(out.join('\n'));
    return rows;
  } finally {
    for (const child of [...started]) await child.stop();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await embedded?.stop();
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}
