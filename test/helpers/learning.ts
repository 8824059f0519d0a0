// The learning feature's test course, stored and published through the courses feature's own
// services, and a clock tests can move.
import type { Connection } from 'mongoose';
import { courseServices } from '../../server/courses/courses.ts';
import { readPackageAt } from '../../server/courses/package/read-package.ts';
import { validatePackage } from '../../server/courses/package/validate-package.ts';
import type { Clock } from '../../server/clock.ts';
import type { Types } from 'mongoose';
import { applyEntry } from '../../server/learning/attempts/attempt-log.ts';
import type { AttemptDoc, AttemptEntryDoc } from '../../server/learning/attempts/attempt.model.ts';
import { Browser } from './browser.ts';

const fixture = 'test/fixtures/learning/learning-course';
let serial = 0;

/** A fresh course id, so tests sharing the run's database do not meet each other's progress. */
export function learningCourseId(prefix = 'learn'): string {
  serial += 1;
  return `${prefix}-${Date.now().toString(36)}-${serial}`;
}

/** Stores and publishes the test course under an id and version; `edit` may change any file's text. */
export async function publishLearningCourse(db: Connection, id: string, version = '1.0.0', edit: (name: string, text: string) => string = (_n, t) => t): Promise<{ courseId: string; versionId: string }> {
  const files = new Map(await readPackageAt(fixture));
  for (const [name, data] of files) {
    if (!/\.(ya?ml|json|md)$/.test(name)) continue;
    let text = data.toString('utf8');
    if (name === 'course.yaml') text = text.replace('id: learning-course', `id: ${id}`).replace('version: 1.0.0', `version: ${version}`);
    files.set(name, Buffer.from(edit(name, text), 'utf8'));
  }
  const services = courseServices(db);
  const person = { id: null, name: 'test' };
  const stored = await services.importer.importPackage(validatePackage(files), { source: 'cli', person });
  await services.publisher.publish(id, stored.versionId, person);
  return { courseId: id, versionId: String(stored.versionId) };
}

/** A clock that stands still until a test moves it. */
export class MovableClock implements Clock {
  constructor(private at = Date.now()) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export const minutes = (n: number) => n * 60_000;

/** The answer key of the test course's first module, in package ids. */
export const moduleOneKey: Record<string, string[]> = { q01: ['a'], q02: ['a', 'b'], q03: ['false'], q04: ['a', 'b', 'c'], q05: ['a', 'b', 'c'] };

interface StoredQuestion {
  id: string;
  type: string;
  choices: { ref: string; token: string }[];
  rows?: { ref: string; token: string }[];
}

/** Form fields answering one stored question right, or wrong (the first wrong choice, a reversed order, a rotated match). */
export function answerFields(question: StoredQuestion, right = true): Record<string, string | string[]> {
  const key = moduleOneKey[question.id] ?? [];
  const token = (ref: string) => question.choices.find((c) => c.ref === ref)!.token;
  const field = `a_${question.id}`;
  switch (question.type) {
    case 'single':
    case 'truefalse': {
      const pick = right ? key[0]! : question.choices.find((c) => !key.includes(c.ref))!.ref;
      return { [field]: token(pick) };
    }
    case 'multiple':
      return { [field]: (right ? key : question.choices.filter((c) => !key.includes(c.ref)).map((c) => c.ref)).map(token) };
    case 'ordering': {
      const order = right ? key : [...key].reverse();
      return Object.fromEntries(question.choices.map((c) => [`${field}_${c.token}`, String(order.indexOf(c.ref) + 1)]));
    }
    default: {
      const refs = question.rows!.map((r) => r.ref);
      return Object.fromEntries(question.rows!.map((r, i) => [`${field}_${r.token}`, token(right ? r.ref : refs[(i + 1) % refs.length]!)]));
    }
  }
}

export const moduleOne = (courseId: string) => `/learn/courses/${courseId}/modules/01-basics`;

/** Enrols through the catalogue form and reads both lessons of module 1, waiting out the first's minimum time. */
export async function enrolAndReadModuleOne(browser: Browser, courseId: string, clock: MovableClock): Promise<void> {
  const course = await browser.get(`/learn/courses/${courseId}`);
  const enrolled = await browser.post(`/learn/courses/${courseId}/enrol`, { _csrf: Browser.csrf(course) });
  if (enrolled.status !== 303) throw new Error(`enrol failed: ${enrolled.status}`);
  const lesson = await browser.get(`${moduleOne(courseId)}/lessons/01-welcome`);
  clock.advance(61_000);
  const read = await browser.post(`${moduleOne(courseId)}/lessons/01-welcome/read`, { _csrf: Browser.csrf(lesson) });
  if (read.status !== 303) throw new Error(`mark read failed: ${read.status}`);
  await browser.get(`${moduleOne(courseId)}/lessons/02-algorithm`);
}

/** Starts (or resumes) an attempt at module 1's quiz and returns its id. */
export async function startAttempt(browser: Browser, courseId: string): Promise<string> {
  const quiz = await browser.get(`${moduleOne(courseId)}/quiz`);
  const started = await browser.post(`${moduleOne(courseId)}/quiz/attempts`, { _csrf: Browser.csrf(quiz) });
  const id = started.location?.match(/attempts\/([0-9a-f]{24})\//)?.[1];
  if (started.status !== 303 || !id) throw new Error(`start failed: ${started.status} ${started.$('main').text().trim().slice(0, 200)}`);
  return id;
}

export interface StoredAttempt {
  _id: string;
  userId: Types.ObjectId;
  questions: StoredQuestion[];
  answers: Record<string, unknown>;
  seq: number;
  state: string;
  score: number | null;
  passed: boolean | null;
  finishedAt: Date | null;
  finishedBy: string | null;
  deadline: Date;
  number: number;
  results: { id: string; credit: number }[];
}

/** An attempt as stored: its projection with every log entry applied (what the server would read). */
export async function storedAttempt(db: Connection, id: string): Promise<StoredAttempt> {
  let doc = (await db.db!.collection('attempts').findOne({ _id: id as never })) as unknown as AttemptDoc | null;
  if (!doc) throw new Error('no attempt ' + id);
  for (let entry; doc.state === 'in_progress' && (entry = await db.db!.collection('attempt_entries').findOne({ _id: `${id}:${doc.seq}` as never })); ) {
    doc = applyEntry(doc, entry as unknown as AttemptEntryDoc);
  }
  return doc as unknown as StoredAttempt;
}

/** How many log entries an attempt has: a refused post adds none. */
export async function entryCount(db: Connection, id: string): Promise<number> {
  return db.db!.collection('attempt_entries').countDocuments({ attemptId: id });
}

/** Answers every question of an attempt through the question forms; returns the final seq. */
export async function answerAll(browser: Browser, db: Connection, id: string, right: (questionId: string) => boolean = () => true): Promise<number> {
  const attempt = await storedAttempt(db, id);
  let seq = attempt.seq;
  for (const [i, q] of attempt.questions.entries()) {
    const page = await browser.get(`/learn/attempts/${id}/questions/${i + 1}`);
    const saved = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: String(seq), q: q.id, ...answerFields(q, right(q.id)) });
    if (saved.status !== 303) throw new Error(`save failed: ${saved.status} ${saved.$('[role=alert]').text()}`);
    seq += 1;
  }
  return seq;
}

export async function finishAttempt(browser: Browser, id: string, seq: number) {
  const page = await browser.get(`/learn/attempts/${id}`);
  return browser.post(`/learn/attempts/${id}/finish`, { _csrf: Browser.csrf(page), seq: String(seq) });
}
