// `qorgau seed-demo`: DEMO DATA ONLY. Creates N teachers with Kazakh and Russian names in every
// region, district and school, their completions and enrolments spread over two years (some from
// an earlier cycle, so some teachers are expiring; some assignments past due, so some are overdue),
// and their standings. Everything is derived from the seed: the same seed gives the same people
// under the same ids, and running it again adds nothing. Writes are insertMany in batches.
import { createHash } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { MongoBulkWriteError } from 'mongodb';
import type { DirectoryService, NewTeacher, Person } from '../../accounts/directory.service.ts';
import { iinCheckDigit } from '../../accounts/iin.ts';
import { regionCodes } from '../../accounts/regions.ts';
import type { Clock } from '../../clock.ts';
import type { CatalogVersion } from '../../courses/catalog.service.ts';
import type { StandardsServices } from '../../standards/standards.ts';
import { standingRow, toCourse, type StandingDoc } from '../../standards/standing.service.ts';
import { demoDistricts, demoPositions, kazakhNames, russianNames } from './demo-places.ts';

const BATCH = 1000;
const DAY = 86_400_000;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const idOf = (seed: number, i: number) => new Types.ObjectId(createHash('sha256').update(`qorgau-demo:${seed}:${i}`).digest('hex').slice(0, 24));

function iinOf(rnd: () => number, i: number): string {
  for (let tries = 0; ; tries++) {
    const born = new Date(Date.UTC(1962 + Math.floor(rnd() * 42), 0, 1) + Math.floor(rnd() * 365) * DAY);
    const year = born.getUTCFullYear();
    const century = (year >= 2000 ? 5 : 3) + Math.floor(rnd() * 2);
    const first11 = `${String(year % 100).padStart(2, '0')}${String(born.getUTCMonth() + 1).padStart(2, '0')}${String(born.getUTCDate()).padStart(2, '0')}${century}${String((i + tries * 7) % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return first11 + check;
  }
}

interface Plan {
  teacher: NewTeacher;
  completions: { course: CatalogVersion; at: Date; score: number }[];
  due: { course: CatalogVersion; at: Date } | null;
}

function plan(seed: number, i: number, now: Date, courses: CatalogVersion[]): Plan {
  const rnd = random(seed * 1_000_003 + i);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const russian = rnd() < 0.3;
  const names = russian ? russianNames : kazakhNames;
  const female = rnd() < 0.75;
  const [m, f] = pick(names.surnames);
  const father = pick(names.fathers);
  const patronymic = russian ? `${father}${female ? 'на' : 'ич'}` : `${father}${female ? 'қызы' : 'ұлы'}`;
  const region = regionCodes[i % regionCodes.length]!;
  const district = pick(demoDistricts[region] ?? ['Орталық аудан']);
  const school = `№ ${1 + Math.floor(rnd() * 30)} мектеп, ${district.replace(/ (ауданы|қаласы)$/, '')}`;
  const teacher: NewTeacher = { _id: idOf(seed, i), iin: iinOf(rnd, i), email: `demo${seed}.${i}@demo.qorgau.kz`, surname: female ? f! : m!, givenName: pick(female ? names.female : names.male), patronymic, region, district, school, position: pick(demoPositions), lang: russian ? 'ru' : 'kk' };

  const byCode = (code: string) => courses.filter((c) => c.standards.includes(code));
  const within = (days: number) => new Date(now.getTime() - Math.floor(rnd() * days) * DAY - DAY);
  const persona = rnd();
  let chosen: CatalogVersion[] = [];
  let old: CatalogVersion | null = null;
  let due: Plan['due'] = null;
  const electives = [...byCode('QS-3'), ...byCode('QS-4'), ...byCode('QS-5')].sort(() => rnd() - 0.5);
  const core = [pick(byCode('QS-1').length ? byCode('QS-1') : courses), pick(byCode('QS-2').length ? byCode('QS-2') : courses)];
  if (persona < 0.45) chosen = [...core, ...electives.slice(0, 2 + Math.floor(rnd() * 2))];
  else if (persona < 0.53) {
    chosen = [core[1]!, ...electives.slice(0, 3)];
    old = core[0]!; // completed in the previous cycle: it leaves the cycle within 60 days
  } else if (persona < 0.63) {
    chosen = electives.slice(0, 1);
    due = { course: core[0]!, at: new Date(now.getTime() - (10 + Math.floor(rnd() * 120)) * DAY) };
  } else if (persona < 0.88) chosen = [...core, ...electives].sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 2));
  const completions = [...new Set(chosen.filter(Boolean))].map((course) => ({ course, at: within(730), score: 70 + Math.floor(rnd() * 31) }));
  if (old) completions.push({ course: old, at: new Date(now.getTime() - (36 * 30.44 - 5 - Math.floor(rnd() * 40)) * DAY), score: 70 + Math.floor(rnd() * 31) });
  return { teacher, completions, due };
}

async function insertAll(db: Connection, collection: string, docs: object[]): Promise<void> {
  if (!docs.length) return;
  try {
    await db.collection(collection).insertMany(docs as never[], { ordered: false });
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const failed = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (failed.some((e) => e.code !== 11000)) throw err;
  }
}

export interface SeedResult {
  teachers: number;
  added: number;
  completions: number;
  standings: Record<string, number>;
}

export async function seedDemo(deps: { db: Connection; clock: Clock; directory: Pick<DirectoryService, 'addTeachers'>; standards: StandardsServices; courses: CatalogVersion[] }, options: { teachers: number; seed: number; onProgress?: (done: number, total: number) => void }): Promise<SeedResult> {
  const { db, clock, standards } = deps;
  const now = clock.now();
  const inForce = await standards.standard.current();
  const result: SeedResult = { teachers: options.teachers, added: 0, completions: 0, standings: {} };
  for (let start = 0; start < options.teachers; start += BATCH) {
    const plans = Array.from({ length: Math.min(BATCH, options.teachers - start) }, (_, k) => plan(options.seed, start + k, now, deps.courses));
    result.added += await deps.directory.addTeachers(plans.map((p) => p.teacher), now);
    // the learning feature's documents in their documented shape (docs/learning.md), demo data only
    const completions = plans.flatMap((p) => p.completions.map((c) => ({ _id: `${String(p.teacher._id)}:${c.course.courseId}`, userId: p.teacher._id, courseId: c.course.courseId, versionId: c.course.versionId, version: c.course.version, title: c.course.title, academicHours: c.course.academicHours, standards: c.course.standards, modules: [], score: c.score, enrolledAt: new Date(c.at.getTime() - 14 * DAY), dueAt: null, completedAt: c.at })));
    const enrolments = [
      ...completions.map((c) => ({ _id: c._id, userId: c.userId, courseId: c.courseId, versionId: c.versionId, enrolledAt: c.enrolledAt, source: 'self', dueAt: null, assignmentId: null, completedAt: c.completedAt })),
      ...plans.filter((p) => p.due).map((p) => ({ _id: `${String(p.teacher._id)}:${p.due!.course.courseId}`, userId: p.teacher._id, courseId: p.due!.course.courseId, versionId: p.due!.course.versionId, enrolledAt: new Date(p.due!.at.getTime() - 60 * DAY), source: 'assigned', dueAt: p.due!.at, assignmentId: null, completedAt: null })),
    ];
    await insertAll(db, 'completions', completions);
    await insertAll(db, 'enrolments', enrolments);
    result.completions += completions.length;
    const rows: StandingDoc[] = plans.map((p) => {
      const t = p.teacher;
      const person = { id: String(t._id), fullName: [t.surname, t.givenName, t.patronymic].join(' '), iin: t.iin, region: t.region, district: t.district, school: t.school, position: t.position } as Person;
      const mine = completions.filter((c) => c.userId === t._id).map((c) => toCourse(c));
      const enrolled = enrolments.filter((e) => e.userId === t._id).map((e) => ({ courseId: e.courseId, dueAt: e.dueAt }));
      return standingRow(inForce.definition, inForce.version, person, mine, enrolled, now);
    });
    for (const r of rows) result.standings[r.standing] = (result.standings[r.standing] ?? 0) + 1;
    await standards.standings.store(rows);
    options.onProgress?.(start + plans.length, options.teachers);
  }
  await standards.standings.markApplied(inForce.version);
  return result;
}
