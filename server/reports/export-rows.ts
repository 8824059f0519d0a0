// The rows of a roster export: one per counted completion of each teacher in the filter (a teacher
// with none gets one row with the course cells empty, unless the filter asks for a course or dates),
// in the order of the teachers given (the roster's selection, whose filter carries the scope).
import { kzDay } from '../clock.ts';
import { regionName } from '../accounts/regions.ts';
import type { Language, Translate } from '../i18n/index.ts';
import type { StandingDoc } from '../standards/standing.service.ts';
import { completionMatches, personMatches, type RosterFilter } from './roster-filter.ts';

/** A completion's day in Kazakhstan as a date at 00:00 UTC, so the CSV's text and the workbook's date cell both show that day. */
const asDay = (at: Date | string): Date => new Date(`${kzDay(at)}T00:00:00Z`);

export const exportColumns = ['iin', 'name', 'region', 'district', 'school', 'position', 'standing', 'course', 'courseTitle', 'courseVersion', 'completedAt', 'academicHours', 'score', 'certificate'] as const;
export type ExportColumn = (typeof exportColumns)[number];

export interface ExportRow {
  iin: string;
  name: string;
  region: string;
  district: string;
  school: string;
  position: string;
  standing: string;
  course: string;
  courseTitle: string;
  courseVersion: string;
  completedAt: Date | null;
  academicHours: number | null;
  score: number | null;
  certificate: string;
}

export function headers(t: Translate): string[] {
  return exportColumns.map((c) => t(`reports.columns.${c}`));
}

export async function* exportRows(docs: Iterable<StandingDoc> | AsyncIterable<StandingDoc>, filter: RosterFilter, lang: Language, t: Translate): AsyncGenerator<ExportRow> {
  const standingText = new Map<string, string>();
  const regionText = new Map<string, string>();
  const completionFilter = Boolean(filter.course || filter.from || filter.to);
  for await (const doc of docs) {
    // the selection applied the filter and its scope; they are checked here again
    if (!personMatches(filter, doc) || (filter.standing && doc.standing !== filter.standing)) continue;
    if (!standingText.has(doc.standing)) standingText.set(doc.standing, t(`standards.standing.${doc.standing}`));
    if (!regionText.has(doc.region)) regionText.set(doc.region, regionName(doc.region, lang));
    const person = { iin: doc.iin, name: doc.name, region: regionText.get(doc.region)!, district: doc.district, school: doc.school, position: doc.position, standing: standingText.get(doc.standing)! };
    const courses = completionFilter ? doc.completions.filter((c) => completionMatches(filter, c)) : doc.completions;
    if (courses.length === 0) {
      yield { ...person, course: '', courseTitle: '', courseVersion: '', completedAt: null, academicHours: null, score: null, certificate: '' };
      continue;
    }
    for (const c of courses) {
      yield { ...person, course: c.courseId, courseTitle: c.title[lang] ?? c.title.kk ?? c.courseId, courseVersion: c.version, completedAt: asDay(c.completedAt), academicHours: c.academicHours, score: c.score, certificate: c.certificate ?? '' };
    }
  }
}
