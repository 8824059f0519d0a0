// A teacher's standing against one version of the standard: a pure function of the definition,
// their completions, their due dates and the time, so the projection, the rebuild and the tests all
// compute it the same way.
import { kzMidnight } from '../clock.ts';
import type { StandardDefinition } from './standard.schema.ts';

export const standingValues = ['compliant', 'expiring', 'in-progress', 'not-started', 'overdue'] as const;
export type Standing = (typeof standingValues)[number];

/** A completed course as the standard counts it. */
export interface CountedCourse {
  courseId: string;
  standards: readonly string[];
  academicHours: number;
  completedAt: Date;
}

export interface StandingInput {
  completions: readonly CountedCourse[];
  /** due dates set by assignments for courses not completed yet */
  dues: readonly { courseId: string; dueAt: Date }[];
  /** courses the teacher is enrolled in */
  enrolled: readonly string[];
}

export interface StandingResult {
  standing: Standing;
  /** codes of requirements not met now */
  missing: string[];
  /** when the earliest counted completion leaves the cycle, if the teacher is compliant */
  expiresAt: Date | null;
  /** the earliest future moment the standing can change without any event */
  reviewAt: Date | null;
}

export const EXPIRING_DAYS = 60;
const DAY = 86_400_000;

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function unmet(def: StandardDefinition, completions: readonly CountedCourse[], at: Date): string[] {
  const cycleStart = addMonths(at, -def.cycleMonths).getTime();
  const counted = completions.filter((c) => c.completedAt.getTime() > cycleStart && c.completedAt.getTime() <= at.getTime());
  const codes = new Set(counted.flatMap((c) => c.standards));
  const missing: string[] = [];
  for (const r of def.requirements) {
    if (r.kind === 'courses') {
      const have = (r.standards ?? []).filter((s) => codes.has(s)).length;
      if (have < (r.count ?? 1)) missing.push(r.code);
    } else {
      const periodStart = addMonths(at, -(r.periodMonths ?? def.cycleMonths)).getTime();
      const hours = counted.filter((c) => c.completedAt.getTime() > periodStart).reduce((sum, c) => sum + c.academicHours, 0);
      if (hours < (r.hours ?? 0)) missing.push(r.code);
    }
  }
  return missing;
}

export function evaluateStanding(def: StandardDefinition, input: StandingInput, now: Date): StandingResult {
  const t = now.getTime();
  const expiries = input.completions.map((c) => addMonths(c.completedAt, def.cycleMonths));
  const candidates: number[] = [...expiries.flatMap((e) => [e.getTime() - EXPIRING_DAYS * DAY, e.getTime()]), ...input.dues.map((d) => d.dueAt.getTime())];
  // overdue from the first moment after the due day, in Kazakhstan
  if (def.dueDate) candidates.push(kzMidnight(def.dueDate) + DAY);
  const future = candidates.filter((c) => c > t);
  const reviewAt = future.length ? new Date(Math.min(...future)) : null;

  const missing = unmet(def, input.completions, now);
  if (missing.length === 0) {
    const live = expiries.filter((e) => e.getTime() > t).map((e) => e.getTime());
    const expiresAt = live.length ? new Date(Math.min(...live)) : null;
    const soon = unmet(def, input.completions, new Date(t + EXPIRING_DAYS * DAY)).length > 0;
    return { standing: soon ? 'expiring' : 'compliant', missing, expiresAt, reviewAt };
  }
  // past a due date: an assignment's, the standard's, or the renewal of a completion that lapsed
  const dues = [...input.dues.map((d) => d.dueAt.getTime()), ...expiries.map((e) => e.getTime())];
  if (def.dueDate) dues.push(kzMidnight(def.dueDate) + DAY);
  if (dues.some((d) => d <= t)) return { standing: 'overdue', missing, expiresAt: null, reviewAt };
  const started = input.completions.length > 0 || input.enrolled.length > 0;
  return { standing: started ? 'in-progress' : 'not-started', missing, expiresAt: null, reviewAt };
}
