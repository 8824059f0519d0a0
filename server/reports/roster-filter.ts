// The roster's filters: one AJV schema for the query string (strings only, so an array or an
// operator is a 400), then the checks a schema cannot make: a known value for every filter, a date
// range in order and at most ten years long, and the admin's scope. A regional admin's region is
// put into the filter here, whatever the query said; asking for another region is a 403.
import { kzDay, kzMidnight } from '../clock.ts';
import { maskText } from '../logger.ts';
import type { FromSchema } from 'json-schema-to-ts';
import { isRegion } from '../accounts/regions.ts';
import { ForbiddenError, ValidationError, type ErrorDetail } from '../errors.ts';
import { check, compile } from '../http/validate.ts';
import type { StandingDoc } from '../standards/standing.service.ts';
import { standingValues, type Standing } from '../standards/standing.ts';

const text = { type: 'string', maxLength: 200 } as const;
const date = { type: 'string', pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' } as const;

export const rosterQuerySchema = {
  type: 'object',
  properties: {
    region: text,
    district: text,
    school: text,
    position: text,
    course: text,
    standing: { type: 'string', enum: ['', ...standingValues] },
    from: date,
    to: date,
    sort: { type: 'string', enum: ['name', 'school', 'date'] },
    dir: { type: 'string', enum: ['asc', 'desc'] },
    page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
    lang: { type: 'string', enum: ['kk', 'ru', 'en'] },
    // `search=1`: the roster's search, which stays in the session (never in a URL), applies too
    search: { type: 'string', enum: ['1'] },
  },
  additionalProperties: false,
} as const;

export type RosterQuery = FromSchema<typeof rosterQuerySchema>;
export const validateRosterQuery = compile<RosterQuery>(rosterQuerySchema);

export interface RosterFilter {
  region: string | null;
  district: string | null;
  school: string | null;
  position: string | null;
  course: string | null;
  standing: Standing | null;
  from: Date | null;
  to: Date | null;
  /** an IIN or part of a name, from the POSTed search (never from the URL) */
  search: string | null;
}

/** Who asks: the scope comes from here, never from the query. */
export interface Actor {
  id: string;
  role: string;
  regionScope: string | null;
}

const MAX_RANGE_YEARS = 10;
const DAY = 86_400_000;

/** The filter of a request, scoped to the actor. `known` holds the values that exist in scope. */
export function rosterFilter(actor: Actor, query: unknown, known: { courses: ReadonlySet<string>; values: (field: 'district' | 'school' | 'position', region: string | null) => ReadonlySet<string> }, search: string | null = null): RosterFilter {
  const q = check(validateRosterQuery, query);
  const problems: ErrorDetail[] = [];
  // each problem names its filter by the form's label, on the roster, the dashboard and a file's error page alike
  const problem = (field: string, message: string, params?: Record<string, unknown>) => problems.push({ field, label: filterLabels[field], message, params });
  const unknown = (field: string) => problem(field, 'reports.errors.unknownValue');
  let region = q.region || null;
  if (region && !isRegion(region)) unknown('region');
  if (actor.regionScope !== null) {
    if (region && region !== actor.regionScope) throw new ForbiddenError('reports.errors.otherRegion');
    region = actor.regionScope;
  }
  const field = (name: 'district' | 'school' | 'position') => {
    const value = q[name] || null;
    if (value && !known.values(name, region).has(value)) unknown(name);
    return value;
  };
  const district = field('district');
  // a school is typed, not picked: any part of its name, whatever the case and spaces (searchKey)
  const school = q.school?.replace(/\s+/g, ' ').trim() || null;
  const position = field('position');
  const course = q.course || null;
  if (course && !known.courses.has(course)) unknown('course');
  // days in Kazakhstan: `to` takes the whole of its day (completionMatches)
  const from = q.from ? new Date(kzMidnight(q.from)) : null;
  const to = q.to ? new Date(kzMidnight(q.to)) : null;
  if (from && to && from > to) problem('to', 'reports.errors.reversedRange');
  // a day that does not exist (2026-02-30) is refused, not moved to the next month
  const real = (d: Date | null, typed: string | undefined) => !d || (!Number.isNaN(d.getTime()) && kzDay(d) === typed);
  if (!real(from, q.from)) problem('from', 'reports.errors.badDate');
  if (!real(to, q.to)) problem('to', 'reports.errors.badDate');
  // at most ten calendar years: 2016-01-01 to 2026-01-01, leap days or not
  // (29 February ten years on is 1 March)
  const [y, m, d] = (q.from ?? '').split('-').map(Number);
  const limit = from && new Date(kzMidnight(new Date(Date.UTC(y! + MAX_RANGE_YEARS, m! - 1, d)).toISOString().slice(0, 10)));
  if (limit && to && to > limit) problem('to', 'reports.errors.rangeTooLong', { years: MAX_RANGE_YEARS });
  if (problems.length) throw new ValidationError('reports.errors.badFilter', problems);
  return { region, district, school, position, course, standing: (q.standing || null) as Standing | null, from, to, search };
}

/** Whether a completion counts for the filter's course and dates (`to` is inclusive: the whole day). */
export function completionMatches(f: RosterFilter, c: { courseId: string; completedAt: Date }): boolean {
  if (f.course && c.courseId !== f.course) return false;
  if (!f.from && !f.to) return true;
  // called for every completion of 17,000 teachers on a dashboard: no Date copied per call
  const t = c.completedAt instanceof Date ? c.completedAt.getTime() : Date.parse(String(c.completedAt));
  if (f.from && t < f.from.getTime()) return false;
  if (f.to && t >= f.to.getTime() + DAY) return false;
  return true;
}

/** Each filter's label, as the form, its errors and the export log name it. */
export const filterLabels: Readonly<Record<string, string>> = {
  region: 'reports.columns.region', district: 'reports.columns.district', school: 'reports.columns.school', position: 'reports.columns.position',
  course: 'reports.columns.course', standing: 'reports.columns.standing', from: 'reports.roster.from', to: 'reports.roster.to',
  search: 'reports.roster.search',
};

/** A search as the export log and the dashboard show it: any IIN in it by its last four digits only, as the log writes it. */
export function shownSearch(search: string): string {
  return maskText(search);
}

const searchKeys = new Map<string, string>();

/** A place name as a search compares it: NFC, lower case, without spaces, so `№7` finds `№ 7` (kept per name: schools repeat). */
export function searchKey(text: string): string {
  let key = searchKeys.get(text);
  if (key === undefined) {
    key = text.normalize('NFC').toLocaleLowerCase('kk').replace(/\s+/g, '');
    if (searchKeys.size < 100_000) searchKeys.set(text, key);
  }
  return key;
}

/** The teacher-level part of the filter, without the standing (totals per standing use it). */
export function personMatches(f: RosterFilter, r: StandingDoc): boolean {
  if (f.region && r.region !== f.region) return false;
  if (f.district && r.district !== f.district) return false;
  if (f.school && !searchKey(r.school).includes(searchKey(f.school))) return false;
  if (f.position && r.position !== f.position) return false;
  if (f.search) {
    const s = f.search;
    if (/^\d{12}$/.test(s) ? r.iin !== s : !r.sortName.includes(s.toLocaleLowerCase('kk'))) return false;
  }
  if ((f.course || f.from || f.to) && !r.completions.some((c) => completionMatches(f, c))) return false;
  return true;
}

export function rowMatches(f: RosterFilter, r: StandingDoc): boolean {
  return (!f.standing || r.standing === f.standing) && personMatches(f, r);
}

/**
 * The filters as a query string. A search (which may be an IIN) is never written there: `search=1`
 * says that the session's search applies (`searchFor`).
 */
export function filterParams(f: RosterFilter, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of ['region', 'district', 'school', 'position', 'course', 'standing'] as const) if (f[key]) p.set(key, f[key]!);
  if (f.from) p.set('from', kzDay(f.from));
  if (f.to) p.set('to', kzDay(f.to));
  if (f.search) p.set('search', '1');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}
