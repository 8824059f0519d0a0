// DEMO DATA: who the demo teachers are and what they did, derived from the seed and the teacher's
// number alone, so the same seed always gives the same people, courses and dates.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { NewTeacher } from '../../accounts/directory.service.ts';
import { iinCheckDigit } from '../../accounts/iin.ts';
import { regionCodes } from '../../accounts/regions.ts';
import type { CatalogVersion } from '../../courses/catalog.service.ts';
import type { PastCourse } from '../../learning/records/history.service.ts';
import { demoDistricts, demoPositions, kazakhNames, russianNames } from './demo-places.ts';

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

const BIRTH_DAYS = 42 * 365; // born 1962–2003
const GROUPS = 100; // teachers sharing serial digits: one per 10,000, so up to 1,000,000 teachers

/**
 * A valid IIN: birth date, the century-and-sex digit, four serial digits (i's last four), a check
 * digit. Unique per seed for up to 1,000,000 teachers: those sharing serial digits (i, i + 10,000,
 * …) are born on different days, `group + GROUPS * t` days from a day drawn per serial (t counts
 * dates whose IIN has no check digit). Random dates alone gave two teachers in 17,000 one IIN.
 */
export function iinOf(seed: number, i: number, female: boolean): string {
  const serial = String(i % 10_000).padStart(4, '0');
  const group = Math.floor(i / 10_000) % GROUPS;
  const base = createHash('sha256').update(`qorgau-demo-iin:${seed}:${serial}`).digest().readUInt32BE(0);
  for (let t = 0; ; t++) {
    const born = new Date(Date.UTC(1962, 0, 1) + ((base + group + GROUPS * t) % BIRTH_DAYS) * DAY);
    const year = born.getUTCFullYear();
    const sex = (year >= 2000 ? 5 : 3) + (female ? 1 : 0);
    const first11 = `${String(year % 100).padStart(2, '0')}${String(born.getUTCMonth() + 1).padStart(2, '0')}${String(born.getUTCDate()).padStart(2, '0')}${sex}${serial}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return first11 + check;
  }
}

export interface Plan {
  teacher: NewTeacher;
  completions: { course: CatalogVersion; at: Date; score: number }[];
  due: { course: CatalogVersion; at: Date } | null;
  /** enrolled, a quiz or two taken, not completed */
  started: { course: CatalogVersion; at: Date; scores: number[] } | null;
}

export function plan(seed: number, i: number, now: Date, courses: CatalogVersion[]): Plan {
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
  const teacher: NewTeacher = { _id: idOf(seed, i), iin: iinOf(seed, i, female), email: `demo${seed}.${i}@demo.qorgau.kz`, surname: female ? f! : m!, givenName: pick(female ? names.female : names.male), patronymic, region, district, school, position: pick(demoPositions), lang: russian ? 'ru' : 'kk' };

  const byCode = (code: string) => courses.filter((c) => c.standards.includes(code));
  const within = (days: number) => new Date(now.getTime() - Math.floor(rnd() * days) * DAY - DAY);
  const persona = rnd();
  let chosen: CatalogVersion[] = [];
  let old: CatalogVersion | null = null;
  let due: Plan['due'] = null;
  let started: Plan['started'] = null;
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
  const completions = [...new Set(chosen.filter(Boolean))].map((course) => ({ course, at: within(730), score: 80 + Math.floor(rnd() * 21) }));
  if (old) completions.push({ course: old, at: new Date(now.getTime() - (36 * 30.44 - 5 - Math.floor(rnd() * 40)) * DAY), score: 80 + Math.floor(rnd() * 21) });
  // half of those in progress, and the overdue, have a course open with a quiz or two behind them
  const open = due ? due.course : persona >= 0.63 && persona < 0.88 && rnd() < 0.5 ? courses.find((c) => !completions.some((d) => d.course === c)) : undefined;
  if (open) started = { course: open, at: due ? new Date(due.at.getTime() - 30 * DAY) : within(120), scores: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => 40 + Math.floor(rnd() * 61)) };
  return { teacher, completions, due, started };
}

/** The plan as learning's history: each completion with its quizzes, and the open or assigned course. */
export function pastOf(p: Plan): PastCourse[] {
  const userId = p.teacher._id;
  const quizzes = (c: CatalogVersion) => c.modules.filter((m) => m.questionCount > 0).length;
  const past: PastCourse[] = p.completions.map((c) => ({ userId, course: c.course, enrolledAt: new Date(c.at.getTime() - 14 * DAY), source: 'self', dueAt: null, completedAt: c.at, scores: Array.from({ length: quizzes(c.course) }, (_, k) => Math.min(100, c.score + ((k * 7) % 5))) }));
  if (p.started) past.push({ userId, course: p.started.course, enrolledAt: p.started.at, source: p.due ? 'assigned' : 'self', dueAt: p.due?.at ?? null, completedAt: null, scores: p.started.scores.slice(0, quizzes(p.started.course)) });
  return past;
}
