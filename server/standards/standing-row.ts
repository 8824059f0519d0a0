// A teacher's standing row, as the roster, the dashboard and the exports read it: who they are
// (name, IIN, place), what they completed and what is due, evaluated against the standard in force.
import type { Person } from '../accounts/directory.service.ts';
import type { CompletionRecord } from '../learning/records/records.service.ts';
import type { StandardDefinition } from './standard.schema.ts';
import { evaluateStanding } from './standing.ts';
import type { StandingCourse, StandingDoc } from './standing.model.ts';

type Completion = CompletionRecord;

export function toCourse(c: Pick<Completion, 'courseId' | 'title' | 'version' | 'standards' | 'academicHours' | 'score' | 'completedAt'>, certificate: string | null = null): StandingCourse {
  return { courseId: c.courseId, title: c.title, version: c.version, standards: [...c.standards], academicHours: c.academicHours, score: c.score, completedAt: c.completedAt, certificate };
}

/** A teacher's roster row, computed from who they are, what they completed and what is due. */
export function standingRow(def: StandardDefinition, version: number, person: Person, courses: StandingCourse[], enrolments: readonly { courseId: string; dueAt: Date | null }[], now: Date): StandingDoc {
  const done = new Set(courses.map((c) => c.courseId));
  const dues = enrolments.filter((e) => e.dueAt && !done.has(e.courseId)).map((e) => ({ courseId: e.courseId, dueAt: e.dueAt! }));
  const result = evaluateStanding(def, { completions: courses, dues, enrolled: enrolments.map((e) => e.courseId) }, now);
  const last = courses.reduce<Date | null>((max, c) => (!max || c.completedAt > max ? c.completedAt : max), null);
  return {
    _id: person.id,
    name: person.fullName,
    sortName: person.fullName.toLocaleLowerCase('kk'),
    iin: person.iin,
    region: person.region,
    district: person.district,
    school: person.school,
    position: person.position,
    standing: result.standing,
    standardVersion: version,
    missing: result.missing,
    expiresAt: result.expiresAt,
    reviewAt: result.reviewAt,
    completions: courses.sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime()),
    dues,
    enrolled: enrolments.map((e) => e.courseId),
    lastCompletedAt: last,
    updatedAt: now,
  };
}

/** Whether a row shows the person as they are: what the roster shows, filters and scopes by. */
export function showsPerson(row: StandingDoc, person: Person): boolean {
  return row.name === person.fullName && row.iin === person.iin && row.region === person.region && row.district === person.district && row.school === person.school && row.position === person.position;
}
