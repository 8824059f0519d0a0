// A teacher's transcript: every completed course with its score, hours and certificate (the
// serial the standing carries), and their standing against the standard with what is still
// missing. A teacher sees their own; an admin those in their scope; anyone else gets a 404.
import { kzDay } from '../clock.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import type { DirectoryService } from '../accounts/directory.service.ts';
import { regionName } from '../accounts/regions.ts';
import { NotFoundError } from '../errors.ts';
import type { Language } from '../i18n/index.ts';
import type { StandardService } from '../standards/standard.service.ts';
import type { StandingDoc, StandingService } from '../standards/standing.service.ts';
import { coalesced } from './coalesced.ts';
import type { Actor } from './roster-filter.ts';

export interface TranscriptCourse {
  courseId: string;
  title: string;
  version: string;
  completedAt: string;
  hours: number;
  score: number;
  certificate: string;
}

export function transcriptService(deps: { standings: Pick<StandingService, 'find' | 'refresh'>; standard: Pick<StandardService, 'current'>; directory: Pick<DirectoryService, 'person'>; within?: LearnerCache['within'] }) {
  const within = deps.within ?? noLearnerCache.within;
  // a teacher's row computed on a view (none stored, or one from before serials): views arriving
  // together, a double tap or a class on one account, make one computation, not one each
  const refreshes = coalesced<StandingDoc | null>();
  return {
    // an admin's view reads the teacher's person and standing under the teacher's stamp, as the
    // teacher's own transcript does: one stamp read once they are remembered, not two documents
    get: (actor: Actor, userId: string, lang: Language) => within(userId, async () => {
      const person = await deps.directory.person(userId);
      const mine = actor.id === userId;
      const inScope = actor.role === 'admin' && (actor.regionScope === null || person?.region === actor.regionScope);
      if (!person || person.role !== 'teacher' || !(mine || inScope)) throw new NotFoundError('errors.notFound');
      const stored = await deps.standings.find(userId);
      // a row written before standings carried certificate serials is computed again
      const row = stored && stored.completions.every((c) => c.certificate !== undefined) ? stored : await refreshes(userId, () => deps.standings.refresh(userId));
      const inForce = await deps.standard.current();
      const completions = row?.completions ?? [];
      const courses: TranscriptCourse[] = completions.map((c) => ({
        courseId: c.courseId,
        title: c.title[lang] ?? c.title.kk ?? c.courseId,
        version: c.version,
        completedAt: kzDay(c.completedAt),
        hours: c.academicHours,
        score: c.score,
        certificate: c.certificate ?? '',
      }));
      const missing = new Set(row?.missing ?? inForce.definition.requirements.map((r) => r.code));
      return {
        id: userId,
        name: person.fullName,
        iin: person.iin,
        region: regionName(person.region, lang),
        district: person.district,
        school: person.school,
        position: person.position,
        standing: row?.standing ?? 'not-started',
        standingKey: `standards.standing.${row?.standing ?? 'not-started'}`,
        expiresAt: row?.expiresAt ? kzDay(row.expiresAt) : null,
        standardTitle: inForce.definition.title[lang],
        standardVersion: inForce.version,
        requirements: inForce.definition.requirements.map((r) => ({ code: r.code, title: r.title[lang], met: !missing.has(r.code) })),
        courses,
        totalHours: courses.reduce((s, c) => s + c.hours, 0),
      };
    }),
  };
}

export type TranscriptService = ReturnType<typeof transcriptService>;
export type Transcript = Awaited<ReturnType<TranscriptService['get']>>;
