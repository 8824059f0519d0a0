// A teacher reading: every lesson page of the five built-in courses, in Kazakh, one after another,
// ROUNDS times, against GET /healthz taken the same way in the same run. A lesson page is the
// page teachers open most; its Markdown is rendered and sanitised on the server.
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.ts';
import { percentile, startBenchServer } from './lib/server.ts';
import { importBuiltInCourses } from '../server/courses/built-in.ts';
import { courseServices } from '../server/courses/courses.ts';
import { createLogger } from '../server/logger.ts';
import { hashPassword } from '../server/accounts/password.ts';
import { userRepository } from '../server/accounts/user.repository.ts';

export const name = 'lesson-page';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PASSWORD = 'Бенч-құпиясөз-2026';

export async function run(): Promise<BenchResult[]> {
  const server = await startBenchServer(name);
  try {
    await importBuiltInCourses(server.db, createLogger('silent'));
    await userRepository(server.db).create({ iin: '850101300010', email: 'reader@example.kz', surname: 'Бенч', givenName: 'Оқырман', patronymic: '', region: 'astana', district: '', school: '', position: '', role: 'teacher', regionScope: null, lang: 'kk', passwordHash: await hashPassword(PASSWORD) });

    let cookie = '';
    const get = async (path: string) => {
      const started = performance.now();
      const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
      const text = await res.text();
      const ms = performance.now() - started;
      const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      if (set.length) cookie = set.join('; ');
      return { status: res.status, text, ms };
    };
    const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = async (path: string, form: Record<string, string>) => {
      const res = await fetch(server.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), redirect: 'manual' });
      const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      if (set.length) cookie = set.join('; ');
      return res.status;
    };

    const login = await get('/login');
    if ((await post('/login', { _csrf: csrf(login.text), login: 'reader@example.kz', password: PASSWORD })) !== 303) throw new Error('login failed');
    const paths: string[] = [];
    for (const version of await courseServices(server.db).catalog.published()) {
      const course = await get(`/learn/courses/${version.courseId}`);
      await post(`/learn/courses/${version.courseId}/enrol`, { _csrf: csrf(course.text) });
      for (const m of version.modules) for (const l of m.lessons) paths.push(`/learn/courses/${version.courseId}/modules/${m.id}/lessons/${l.id}?lang=kk`);
    }

    const lessons: number[] = [];
    const health: number[] = [];
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const path of paths) {
        const page = await get(path);
        if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
        lessons.push(page.ms);
        bytes = Math.max(bytes, Buffer.byteLength(page.text));
        health.push((await get('/healthz')).ms);
      }
    }
    const [l, h] = [lessons.sort((a, b) => a - b), health.sort((a, b) => a - b)];
    const notes = `${paths.length} lessons × ${ROUNDS} rounds, one reader; largest page ${(bytes / 1024).toFixed(1)} KB`;
    return [
      { metric: 'lesson page p50 vs GET /healthz p50', value: percentile(l, 50), baseline: percentile(h, 50), ratio: percentile(l, 50) / percentile(h, 50), unit: 'ms', notes },
      { metric: 'lesson page p99 vs GET /healthz p99', value: percentile(l, 99), baseline: percentile(h, 99), ratio: percentile(l, 99) / percentile(h, 99), unit: 'ms' },
    ];
  } finally {
    await server.close();
  }
}
