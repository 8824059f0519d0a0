// 200 teachers at once, each answering a quiz question by question over real HTTP (no-JS forms:
// GET the question, POST the answer, follow to the next) and finishing, against the real
// embedded database. Reported: p50 and p99 latency of answer saves, and answers saved per second,
// each as a ratio against GET /healthz measured under the same concurrency in the same run.
// Each teacher pauses THINK_MS ±50% before each answer (reading the question; real teachers take
// longer, 20–60 s for a scenario question), and teachers open the quiz spread over RAMP_MS. BENCH_THINK_MS=0 turns it into a closed-loop stress
// test, where latency is simply queue length / throughput: use it to find the saturation rate.
// Before the run, BENCH_HISTORY teachers' finished courses are stored (users, enrolments, lesson
// progress, attempts and their log entries, completions, about 160 documents each), so that the
// saves are measured against collections of national size, not empty ones.
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.ts';
import { percentile, startBenchServer } from './lib/server.ts';
import { hashPassword } from '../server/accounts/password.ts';
import { userRepository } from '../server/accounts/user.repository.ts';
import { publishLearningCourse } from '../test/helpers/learning.ts';
import { Types, type Connection } from 'mongoose';
import { attemptIdOf } from '../server/learning/attempts/attempt.repository.ts';
import { enrolmentId } from '../server/learning/enrolment/enrolment.model.ts';
import { completionId, lessonProgressId } from '../server/learning/progress/progress.model.ts';

export const name = 'quiz-load';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 200);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 10_000);
// teachers open the quiz over this many ms rather than all in the same instant
const RAMP_MS = Number(process.env.BENCH_RAMP_MS ?? THINK_MS);
const PASSWORD = 'Бенч-құпиясөз-2026';
const HISTORY = Number(process.env.BENCH_HISTORY ?? 2_000);

/** Stores `teachers` teachers who finished five courses of three modules each, as the app would have. */
async function fillHistory(db: Connection, teachers: number): Promise<number> {
  const collections = ['users', 'enrolments', 'lesson_progress', 'attempts', 'attempt_entries', 'completions'] as const;
  const batch = Object.fromEntries(collections.map((c) => [c, [] as Record<string, unknown>[]])) as Record<(typeof collections)[number], Record<string, unknown>[]>;
  let stored = 0;
  const flush = async () => {
    for (const c of collections) {
      if (batch[c].length) await db.db!.collection(c).insertMany(batch[c] as never[], { ordered: false });
      stored += batch[c].length;
      batch[c] = [];
    }
  };
  const at = new Date('2026-03-01T09:00:00Z');
  for (let t = 0; t < teachers; t++) {
    const userId = new Types.ObjectId();
    const uid = String(userId);
    batch.users.push({ _id: userId, iin: `7${String(t).padStart(11, '0')}`, email: `history${t}@example.kz`, surname: 'Тарих', givenName: 'Мұғалім', patronymic: '', region: 'almaty', district: 'Медеу', school: `№${t % 300}`, position: 'мұғалім', role: 'teacher', regionScope: null, lang: 'kk', status: 'active', passwordHash: 'x', searchText: `тарих ${t}`, createdAt: at, updatedAt: at });
    for (let c = 0; c < 5; c++) {
      const courseId = `history-course-${c}`;
      batch.enrolments.push({ _id: enrolmentId(uid, courseId), userId, courseId, versionId: String(new Types.ObjectId()), enrolledAt: at, source: 'self', dueAt: null, assignmentId: null, completedAt: at });
      batch.completions.push({ _id: completionId(uid, courseId), userId, courseId, versionId: 'v', version: '1.0.0', title: { kk: 'Курс', ru: 'Курс', en: 'Course' }, academicHours: 12, standards: ['QS-1'], modules: [], score: 90, enrolledAt: at, dueAt: null, completedAt: at });
      for (let m = 0; m < 3; m++) {
        const moduleId = `0${m + 1}-module`;
        for (let l = 0; l < 3; l++) batch.lesson_progress.push({ _id: lessonProgressId(uid, courseId, moduleId, `0${l + 1}-lesson`), userId, courseId, moduleId, lessonId: `0${l + 1}-lesson`, firstViewedAt: at, readAt: at });
        const quizKey = `${courseId}:${moduleId}`;
        const attemptId = attemptIdOf(uid, quizKey, 1);
        const answers = Object.fromEntries(Array.from({ length: 5 }, (_, q) => [`q0${q + 1}`, { choices: ['a'] }]));
        batch.attempts.push({ _id: attemptId, userId, courseId, versionId: 'v', moduleId, quizKey, number: 1, seed: 's', questions: [], startedAt: at, deadline: at, state: 'finished', answers, seq: 6, finishedAt: at, finishedBy: 'learner', score: 100, passed: true, passMark: 70, results: [] });
        for (let q = 0; q < 5; q++) batch.attempt_entries.push({ _id: `${attemptId}:${q}`, attemptId, seq: q, kind: 'answers', at, answers: { [`q0${q + 1}`]: { choices: ['a'] } } });
        batch.attempt_entries.push({ _id: `${attemptId}:5`, attemptId, seq: 5, kind: 'finish', at, finishedBy: 'learner', score: 100, passed: true, results: [] });
      }
    }
    if (batch.attempt_entries.length >= 5_000) await flush();
  }
  await flush();
  return stored;
}

class Client {
  private cookies = new Map<string, string>();
  constructor(private readonly url: string) {}
  async request(method: string, path: string, form?: URLSearchParams): Promise<{ status: number; text: string; location: string | null; ms: number }> {
    const started = performance.now();
    // a dropped connection counts as a failed request, never as a crash of the bench
    const res = await fetch(this.url + path, {
      method,
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ?? null,
    }).catch(() => null);
    if (!res) return { status: 0, text: '', location: null, ms: performance.now() - started };
    const text = await res.text().catch(() => '');
    const ms = performance.now() - started;
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, text, location: res.headers.get('location'), ms };
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const think = () => sleep(THINK_MS * (0.5 + Math.random()));

/**
 * The form a learner would send for the question on this page: the first choice, or items in
 * shown order. Read with regular expressions, not a DOM parser: the clients share the server's
 * event loop, and parsing 200 pages a second with a DOM would be measured as server latency.
 */
function answerForm(html: string): URLSearchParams {
  const quiz = html.slice(html.indexOf('class="quiz-form"'), html.indexOf('</form>', html.indexOf('class="quiz-form"')));
  const form = new URLSearchParams();
  form.set('_csrf', csrfOf(html));
  for (const name of ['seq', 'q']) form.set(name, new RegExp(`name="${name}" value="([^"]*)"`).exec(quiz)?.[1] ?? '');
  const choice = /<input type="(?:radio|checkbox)" id="[^"]*" name="([^"]+)" value="([^"]+)"/.exec(quiz);
  if (choice) form.append(choice[1]!, choice[2]!);
  let i = 0;
  for (const select of quiz.matchAll(/<select id="[^"]*" name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    const values = [...select[2]!.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    form.append(select[1]!, values[Math.min(i, values.length - 1)]!);
    i += 1;
  }
  form.set('go', 'next');
  return form;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

export async function run(): Promise<BenchResult[]> {
  const server = await startBenchServer('quiz-load');
  try {
    const history = await fillHistory(server.db, HISTORY);
    const courseId = 'quiz-load';
    // no minimum reading time, so the bench reaches the quiz at once
    await publishLearningCourse(server.db, courseId, '1.0.0', (file, text) => (file === 'course.yaml' ? text.replace(/\n\s+minSeconds: \d+/g, '') : text));
    const users = userRepository(server.db);
    const passwordHash = await hashPassword(PASSWORD);
    const clients: Client[] = [];
    const emails = Array.from({ length: TEACHERS }, (_, i) => `quizload${i}@example.kz`);
    for (const [i, email] of emails.entries()) {
      await users.create({ iin: `8501013${String(10000 + i).slice(1)}0`.slice(0, 12), email, surname: 'Бенч', givenName: 'Мұғалім', patronymic: '', region: 'astana', district: '', school: '', position: '', role: 'teacher', regionScope: null, lang: 'kk', passwordHash });
    }
    // signing in (argon2id) and reaching the quiz are set-up, not measured
    await pool(emails, 8, async (email) => {
      const c = new Client(server.url);
      const login = await c.request('GET', '/login');
      const signedIn = await c.request('POST', '/login', new URLSearchParams({ _csrf: csrfOf(login.text), login: email, password: PASSWORD }));
      if (signedIn.status !== 303) throw new Error(`login ${signedIn.status}`);
      const course = await c.request('GET', `/learn/courses/${courseId}`);
      await c.request('POST', `/learn/courses/${courseId}/enrol`, new URLSearchParams({ _csrf: csrfOf(course.text) }));
      for (const lesson of ['01-welcome', '02-algorithm']) await c.request('GET', `/learn/courses/${courseId}/modules/01-basics/lessons/${lesson}`);
      clients.push(c);
    });

    // baseline: GET /healthz, same clients, same concurrency, same pauses
    const health: number[] = [];
    const healthStart = performance.now();
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < 3; i++) {
        await think();
        health.push((await c.request('GET', '/healthz')).ms);
      }
    }));
    const healthSeconds = (performance.now() - healthStart) / 1000;

    const saves: number[] = [];
    const finishes: number[] = [];
    const pages: number[] = [];
    let refused = 0;
    const started = performance.now();
    await Promise.all(clients.map(async (c) => {
      await sleep(Math.random() * RAMP_MS);
      const quiz = await c.request('GET', `/learn/courses/${courseId}/modules/01-basics/quiz`);
      const start = await c.request('POST', `/learn/courses/${courseId}/modules/01-basics/quiz/attempts`, new URLSearchParams({ _csrf: csrfOf(quiz.text) }));
      let next = start.location;
      while (next && /\/questions\/\d+$/.test(next)) {
        const page = await c.request('GET', next);
        pages.push(page.ms);
        await think();
        const saved = await c.request('POST', next.replace(/\/questions\/\d+$/, '/answers'), answerForm(page.text));
        if (saved.status !== 303) refused += 1;
        saves.push(saved.ms);
        next = saved.location;
      }
      if (!next) return;
      const overview = await c.request('GET', next);
      await think();
      const seq = /name="seq" value="(\d+)"/.exec(overview.text)?.[1] ?? '0';
      const finish = await c.request('POST', `${next}/finish`, new URLSearchParams({ _csrf: csrfOf(overview.text), seq }));
      if (finish.status !== 303) refused += 1;
      finishes.push(finish.ms);
    }));
    const seconds = (performance.now() - started) / 1000;
    const finished = (await server.db.db!.collection('attempt_entries').countDocuments({ kind: 'finish' })) - HISTORY * 15;

    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const [s, h, f, p] = [sorted(saves), sorted(health), sorted(finishes), sorted(pages)];
    const notes = `${TEACHERS} teachers over ${HISTORY.toLocaleString('en')} teachers' history (${history.toLocaleString('en')} documents), ${saves.length} answers, ${finished} attempts finished, ${refused} refused; pause ${THINK_MS}±50% ms, starts spread over ${RAMP_MS} ms; finish p99 ${percentile(f, 99).toFixed(1)} ms; question page p99 ${percentile(p, 99).toFixed(1)} ms`;
    return [
      { metric: 'answer save p50 vs GET /healthz p50', value: percentile(s, 50), baseline: percentile(h, 50), ratio: percentile(s, 50) / percentile(h, 50), unit: 'ms', notes },
      { metric: 'answer save p99 vs GET /healthz p99', value: percentile(s, 99), baseline: percentile(h, 99), ratio: percentile(s, 99) / percentile(h, 99), unit: 'ms', notes: 'target: answer save p99 < 100 ms' },
      { metric: 'answers saved per second vs /healthz requests per second', value: saves.length / seconds, baseline: health.length / healthSeconds, ratio: saves.length / seconds / (health.length / healthSeconds), unit: '/s' },
    ];
  } finally {
    await server.close();
  }
}
